/* cert.h - `gtd-mock make-cert DIR`: a self-signed certificate for HTTPS on
 * this machine (localhost, 127.0.0.1, ::1). */
#ifndef MOCK_CERT_H
#define MOCK_CERT_H

#include "err.h"

/* Writes DIR/cert.pem and DIR/key.pem (mode 0600), valid for days days. */
gtd_status mock_make_cert(const char *dir, int days, gtd_err *err);

#endif
