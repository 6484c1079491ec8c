#ifndef MAILAUDIT_CCURL_SHIM_H
#define MAILAUDIT_CCURL_SHIM_H
/* The libcurl boundary (the MTA-STS policy fetch). Only the SMTPProbe module imports it.
   curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: typed
   wrappers here. */
#include <curl/curl.h>

static inline CURLcode mailaudit_curl_set_long(CURL *curl, CURLoption option, long value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode mailaudit_curl_set_string(CURL *curl, CURLoption option, const char *value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode mailaudit_curl_set_pointer(CURL *curl, CURLoption option, void *value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode mailaudit_curl_set_list(CURL *curl, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(curl, option, value);
}
typedef size_t (*mailaudit_write_function)(char *data, size_t size, size_t count, void *context);
static inline CURLcode mailaudit_curl_set_write_function(CURL *curl, mailaudit_write_function function) {
    return curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, function);
}
static inline long mailaudit_curl_long_info(CURL *curl, CURLINFO info) {
    long value = 0;
    curl_easy_getinfo(curl, info, &value);
    return value;
}
static inline const char *mailaudit_curl_string_info(CURL *curl, CURLINFO info) {
    const char *value = NULL;
    curl_easy_getinfo(curl, info, &value);
    return value;
}
static inline double mailaudit_curl_double_info(CURL *curl, CURLINFO info) {
    double value = 0;
    curl_easy_getinfo(curl, info, &value);
    return value;
}
#endif
