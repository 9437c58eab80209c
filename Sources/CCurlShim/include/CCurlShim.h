#ifndef MEDALLION_CCURLSHIM_H
#define MEDALLION_CCURLSHIM_H

// Typed, non-variadic wrappers around curl_easy_setopt / curl_easy_getinfo.
// Swift cannot call C variadic functions, so each argument type gets its own entry point.

#include <curl/curl.h>

typedef size_t (*medallion_curl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*medallion_curl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                                 curl_off_t ultotal, curl_off_t ulnow);
typedef int (*medallion_curl_seek_callback)(void *userdata, curl_off_t offset, int origin);

CURLcode medallion_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode medallion_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode medallion_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode medallion_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode medallion_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode medallion_curl_setopt_data_callback(CURL *handle, CURLoption option, medallion_curl_data_callback cb);
CURLcode medallion_curl_setopt_xferinfo_callback(CURL *handle, medallion_curl_xferinfo_callback cb);
CURLcode medallion_curl_setopt_seek_callback(CURL *handle, medallion_curl_seek_callback cb);

CURLcode medallion_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode medallion_curl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode medallion_curl_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode medallion_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value);

#endif
