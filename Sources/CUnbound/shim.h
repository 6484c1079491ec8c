// libunbound (Debian libunbound-dev): the validating resolver mailaudit embeds to check
// DNSSEC itself. Only the DNSClient module imports it.
#include <unbound.h>
#include <sys/syscall.h>
#include <unistd.h>

// The kernel's id of the calling thread (Swift's Glibc module does not export gettid(2)):
// the validator records its poll thread's, so that a test can see it gone in /proc.
static inline int mailaudit_thread_id(void) { return (int)syscall(SYS_gettid); }
