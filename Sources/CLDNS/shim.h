#ifndef MAILAUDIT_CLDNS_SHIM_H
#define MAILAUDIT_CLDNS_SHIM_H
/* stdbool.h must come before ldns: ldns/common.h otherwise defines bool as
   signed char and every ldns bool reaches Swift as Int8 (docs/c-interop.md, "ldns"). */
#include <stdbool.h>
#include <stdlib.h>
#include <ldns/ldns.h>

/* Query-flag bits of ldns_pkt_query_new (macros are not imported). */
static const uint16_t mailaudit_ldns_flag_rd = LDNS_RD;
static const uint16_t mailaudit_ldns_flag_cd = LDNS_CD;

#endif
