#include <threads.h>

static tss_t key;

int init(void) { return tss_create(&key, free) == thrd_success; }
