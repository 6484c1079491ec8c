#ifndef MAILAUDIT_COPENSSL_SHIM_H
#define MAILAUDIT_COPENSSL_SHIM_H
/* The OpenSSL boundary. Only the SMTPProbe module imports it. Function-like macros and
   OpenSSL's typed stacks are wrapped here as static inline functions (docs/c-interop.md, "OpenSSL"). */
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <openssl/x509_vfy.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>

static inline long mailaudit_ssl_set_sni(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
static inline int mailaudit_ctx_set_versions(SSL_CTX *ctx, int min, int max) {
    return SSL_CTX_set_min_proto_version(ctx, min) && SSL_CTX_set_max_proto_version(ctx, max);
}
static inline void mailaudit_ctx_set_options(SSL_CTX *ctx) {
    /* See every server as it is: old servers without RFC 5746 renegotiation info, and
       peers that close without close_notify, are facts to report, not reasons to stop. */
    SSL_CTX_set_options(ctx, SSL_OP_LEGACY_SERVER_CONNECT | SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_TICKET);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}
static inline long mailaudit_ssl_negotiated_group(SSL *ssl) {
    return SSL_get_negotiated_group(ssl);
}
static inline int mailaudit_x509_stack_count(STACK_OF(X509) *stack) { return sk_X509_num(stack); }
static inline X509 *mailaudit_x509_stack_value(STACK_OF(X509) *stack, int i) { return sk_X509_value(stack, i); }
static inline STACK_OF(X509) *mailaudit_x509_stack_new(void) { return sk_X509_new_null(); }
static inline int mailaudit_x509_stack_push(STACK_OF(X509) *stack, X509 *cert) { return sk_X509_push(stack, cert); }
static inline void mailaudit_x509_stack_free(STACK_OF(X509) *stack) { sk_X509_free(stack); }

/* The DNS names of a certificate's subjectAltName, one at a time. */
static inline GENERAL_NAMES *mailaudit_x509_san(X509 *cert) {
    return (GENERAL_NAMES *)X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
}
static inline int mailaudit_san_count(GENERAL_NAMES *names) { return sk_GENERAL_NAME_num(names); }
/* Returns the DNS name (or IP address bytes) at i, its length in *length, its kind in *kind
   (GEN_DNS, GEN_IPADD, ...). */
static inline const unsigned char *mailaudit_san_value(GENERAL_NAMES *names, int i, int *kind, int *length) {
    GENERAL_NAME *name = sk_GENERAL_NAME_value(names, i);
    *kind = name->type;
    if (name->type == GEN_DNS || name->type == GEN_IPADD) {
        *length = ASN1_STRING_length(name->d.ia5);
        return ASN1_STRING_get0_data(name->d.ia5);
    }
    *length = 0;
    return NULL;
}
static inline void mailaudit_san_free(GENERAL_NAMES *names) { GENERAL_NAMES_free(names); }

static inline unsigned long mailaudit_name_flags(void) { return XN_FLAG_RFC2253; }
static inline long mailaudit_bio_contents(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }
static inline void mailaudit_free(void *p) { OPENSSL_free(p); }
static inline unsigned long mailaudit_dane_no_ee_namechecks(void) { return DANE_FLAG_NO_DANE_EE_NAMECHECKS; }
#endif
