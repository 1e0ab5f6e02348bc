/* partnerpay.h - the demo partner's payment page (gtd-mock --demo only).
 *
 * The demo partner's links.payment_url points here, so a webview booking
 * can be paid end to end without a partner: the page opens the place-order
 * redirect with the partner's private key, shows the amount, and its Pay or
 * Fail button makes the partner's commit and follows the answer's
 * return_url - what a real partner's payment gateway does.
 */
#ifndef MOCK_PARTNERPAY_H
#define MOCK_PARTNERPAY_H

#include "mock.h"

/* GET ?key=K?data=D (the documented form) or ?key=K&data=D: the page. */
void partnerpay_page(mock_ctx *ctx, const mock_request *req, mock_response *resp);

/* POST key, data, outcome=pay|fail: commits, then 302 to return_url. */
void partnerpay_commit(mock_ctx *ctx, const mock_request *req, mock_response *resp);

#endif
