/* portal.h - the B2B portal's activation page (onboarding step 2).
 *
 * Provisioning e-mails the partner's administrator a link
 * /portal/activate?token=T; opening it shows the account, and confirming
 * records the activation in the store.  Until then sealed calls answer 03.
 */
#ifndef MOCK_PORTAL_H
#define MOCK_PORTAL_H

#include "mock.h"

void portal_activate_page(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void portal_activate(mock_ctx *ctx, const mock_request *req, mock_response *resp);

#endif
