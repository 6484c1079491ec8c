#ifndef MAILAUDIT_COPENSSL_SHIM_H
#define MAILAUDIT_COPENSSL_SHIM_H
/* The OpenSSL boundary. Only the SMTPProbe module (issue 5) imports it;
   function-like macros it needs are wrapped here as static inline functions. */
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

static inline long mailaudit_ssl_set_sni(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
#endif
