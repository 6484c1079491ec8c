// libunbound (Debian libunbound-dev): the validating resolver mailaudit embeds to check
// DNSSEC itself. Only the DNSClient module imports it.
#include <unbound.h>
