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
#include <stdlib.h>
#include <string.h>

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
/* The acceptance scan: what one handshake offers, set on the SSL object (not the shared
   context), and what it came to. */
static inline int mailaudit_ssl_set_versions(SSL *ssl, int min, int max) {
    return SSL_set_min_proto_version(ssl, min) && SSL_set_max_proto_version(ssl, max);
}
static inline long mailaudit_ssl_set_groups(SSL *ssl, const char *list) { return SSL_set1_groups_list(ssl, list); }
static inline long mailaudit_ssl_secure_renegotiation(SSL *ssl) { return SSL_get_secure_renegotiation_support(ssl); }
static inline long mailaudit_ssl_extended_master_secret(SSL *ssl) { return SSL_get_extms_support(ssl); }
/* The server's ephemeral key: its type (EVP_PKEY id) and size in bits; 0 when none. */
static inline int mailaudit_ssl_peer_tmp_key(SSL *ssl, int *bits) {
    EVP_PKEY *key = NULL;
    if (!SSL_get_peer_tmp_key(ssl, &key) || key == NULL) { *bits = 0; return 0; }
    *bits = EVP_PKEY_get_bits(key);
    int id = EVP_PKEY_get_base_id(key);
    EVP_PKEY_free(key);
    return id;
}
/* The hash of the server's key-exchange signature (a NID), 0 when none. */
static inline int mailaudit_ssl_peer_signature_hash(SSL *ssl) {
    int nid = 0;
    return SSL_get_peer_signature_nid(ssl, &nid) ? nid : 0;
}
/* The names of the cipher suites this SSL object would offer, separated by ':' (malloc'd). */
static inline char *mailaudit_ssl_offered_ciphers(SSL *ssl) {
    STACK_OF(SSL_CIPHER) *ciphers = SSL_get1_supported_ciphers(ssl);
    if (ciphers == NULL) return NULL;
    size_t length = 1;
    for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); i++) length += strlen(SSL_CIPHER_get_name(sk_SSL_CIPHER_value(ciphers, i))) + 1;
    char *names = malloc(length);
    if (names == NULL) { sk_SSL_CIPHER_free(ciphers); return NULL; }
    size_t offset = 0;
    for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); i++) {
        const char *name = SSL_CIPHER_get_name(sk_SSL_CIPHER_value(ciphers, i));
        size_t size = strlen(name);
        if (i > 0) names[offset++] = ':';
        memcpy(names + offset, name, size);
        offset += size;
    }
    names[offset] = 0;
    sk_SSL_CIPHER_free(ciphers);
    return names;
}
#endif
