/*
 * libxks-shim.so - a PKCS#11 v2.40 shim that forwards every call to a real module
 * (SoftHSM2 by default) and can add latency or inject failures, so it can stand in
 * for a slow or failing networked HSM (Luna) in benchmarks and tests.
 *
 * Configuration (environment at load time, then a control file re-read when it changes):
 *   XKS_SHIM_TARGET      path of the real module (default: SoftHSM2)
 *   XKS_SHIM_CONTROL     control file, lines key=value ('#' comments allowed)
 *   keys / env vars:
 *     latency_us  XKS_SHIM_LATENCY_US   fixed delay per delayed call (microseconds)
 *     jitter_us   XKS_SHIM_JITTER_US    extra random delay 0..n us
 *     latency_all XKS_SHIM_LATENCY_ALL  1 = delay every call, 0 = only the crypto calls
 *     fail        XKS_SHIM_FAIL         none|device_error|session_handle_invalid|
 *                                       token_not_present|hang
 *     fail_rate   XKS_SHIM_FAIL_RATE    probability 0..1 of injecting (default 1)
 *     fail_calls  XKS_SHIM_FAIL_CALLS   comma list of function names that may fail
 *                                       (default: C_EncryptInit,C_Encrypt,C_DecryptInit,C_Decrypt)
 *     hang_timeout_ms XKS_SHIM_HANG_TIMEOUT_MS  0 = hang until the control file changes;
 *                                       n > 0 = give up after n ms with CKR_DEVICE_ERROR
 *   Keys in the control file override the environment; a key removed from the file falls
 *   back to its environment value; a missing control file means "environment only".
 *
 * Injection: latency is added before forwarding; an injected error is returned without
 * forwarding, except on calls that end an operation (C_Encrypt, C_Decrypt, C_EncryptUpdate,
 * C_DecryptUpdate, C_EncryptFinal, C_DecryptFinal), where the target still finishes the operation
 * into a scratch buffer so the session stays usable, as PKCS#11 requires after an error.
 * fail=token_not_present on C_GetSlotList (if listed in fail_calls) makes
 * C_GetSlotList(tokenPresent=TRUE) return zero slots. fail=hang blocks the call (polling the
 * control file every 10 ms) until the configuration no longer says hang for that function, then
 * applies the new configuration (pass, or the new failure).
 *
 * Thread safety: the active configuration is a small struct guarded by a pthread rwlock
 * and copied by each call; reloading is serialised by a mutex and throttled to one stat()
 * per ~50 ms through an atomic timestamp.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

#define SHIM_EXPORT __attribute__((visibility("default")))

/* ---------------------------------------------------------------------------------------
 * The 68 PKCS#11 v2.40 functions, in CK_FUNCTION_LIST order: X(name, params, args)
 * ------------------------------------------------------------------------------------- */
#define SHIM_FUNCS(X) \
  X(C_Initialize, (CK_VOID_PTR a), (a)) \
  X(C_Finalize, (CK_VOID_PTR a), (a)) \
  X(C_GetInfo, (CK_INFO_PTR a), (a)) \
  X(C_GetFunctionList, (CK_FUNCTION_LIST_PTR_PTR a), (a)) \
  X(C_GetSlotList, (CK_BBOOL a, CK_SLOT_ID_PTR b, CK_ULONG_PTR c), (a, b, c)) \
  X(C_GetSlotInfo, (CK_SLOT_ID a, CK_SLOT_INFO_PTR b), (a, b)) \
  X(C_GetTokenInfo, (CK_SLOT_ID a, CK_TOKEN_INFO_PTR b), (a, b)) \
  X(C_GetMechanismList, (CK_SLOT_ID a, CK_MECHANISM_TYPE_PTR b, CK_ULONG_PTR c), (a, b, c)) \
  X(C_GetMechanismInfo, (CK_SLOT_ID a, CK_MECHANISM_TYPE b, CK_MECHANISM_INFO_PTR c), (a, b, c)) \
  X(C_InitToken, (CK_SLOT_ID a, CK_BYTE_PTR b, CK_ULONG c, CK_BYTE_PTR d), (a, b, c, d)) \
  X(C_InitPIN, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c), (a, b, c)) \
  X(C_SetPIN, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG e), (a, b, c, d, e)) \
  X(C_OpenSession, (CK_SLOT_ID a, CK_FLAGS b, CK_VOID_PTR c, CK_NOTIFY d, CK_SESSION_HANDLE_PTR e), (a, b, c, d, e)) \
  X(C_CloseSession, (CK_SESSION_HANDLE a), (a)) \
  X(C_CloseAllSessions, (CK_SLOT_ID a), (a)) \
  X(C_GetSessionInfo, (CK_SESSION_HANDLE a, CK_SESSION_INFO_PTR b), (a, b)) \
  X(C_GetOperationState, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG_PTR c), (a, b, c)) \
  X(C_SetOperationState, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c, CK_OBJECT_HANDLE d, CK_OBJECT_HANDLE e), (a, b, c, d, e)) \
  X(C_Login, (CK_SESSION_HANDLE a, CK_USER_TYPE b, CK_BYTE_PTR c, CK_ULONG d), (a, b, c, d)) \
  X(C_Logout, (CK_SESSION_HANDLE a), (a)) \
  X(C_CreateObject, (CK_SESSION_HANDLE a, CK_ATTRIBUTE_PTR b, CK_ULONG c, CK_OBJECT_HANDLE_PTR d), (a, b, c, d)) \
  X(C_CopyObject, (CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b, CK_ATTRIBUTE_PTR c, CK_ULONG d, CK_OBJECT_HANDLE_PTR e), (a, b, c, d, e)) \
  X(C_DestroyObject, (CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b), (a, b)) \
  X(C_GetObjectSize, (CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b, CK_ULONG_PTR c), (a, b, c)) \
  X(C_GetAttributeValue, (CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b, CK_ATTRIBUTE_PTR c, CK_ULONG d), (a, b, c, d)) \
  X(C_SetAttributeValue, (CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b, CK_ATTRIBUTE_PTR c, CK_ULONG d), (a, b, c, d)) \
  X(C_FindObjectsInit, (CK_SESSION_HANDLE a, CK_ATTRIBUTE_PTR b, CK_ULONG c), (a, b, c)) \
  X(C_FindObjects, (CK_SESSION_HANDLE a, CK_OBJECT_HANDLE_PTR b, CK_ULONG c, CK_ULONG_PTR d), (a, b, c, d)) \
  X(C_FindObjectsFinal, (CK_SESSION_HANDLE a), (a)) \
  X(C_EncryptInit, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c), (a, b, c)) \
  X(C_Encrypt, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG_PTR e), (a, b, c, d, e)) \
  X(C_EncryptUpdate, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG_PTR e), (a, b, c, d, e)) \
  X(C_EncryptFinal, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG_PTR c), (a, b, c)) \
  X(C_DecryptInit, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c), (a, b, c)) \
  X(C_Decrypt, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG_PTR e), (a, b, c, d, e)) \
  X(C_DecryptUpdate, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG_PTR e), (a, b, c, d, e)) \
  X(C_DecryptFinal, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG_PTR c), (a, b, c)) \
  X(C_DigestInit, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b), (a, b)) \
  X(C_Digest, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG_PTR e), (a, b, c, d, e)) \
  X(C_DigestUpdate, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c), (a, b, c)) \
  X(C_DigestKey, (CK_SESSION_HANDLE a, CK_OBJECT_HANDLE b), (a, b)) \
  X(C_DigestFinal, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG_PTR c), (a, b, c)) \
  X(C_SignInit, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c), (a, b, c)) \
  X(C_Sign, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG_PTR e), (a, b, c, d, e)) \
  X(C_SignUpdate, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c), (a, b, c)) \
  X(C_SignFinal, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG_PTR c), (a, b, c)) \
  X(C_SignRecoverInit, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c), (a, b, c)) \
  X(C_SignRecover, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG_PTR e), (a, b, c, d, e)) \
  X(C_VerifyInit, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c), (a, b, c)) \
  X(C_Verify, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG e), (a, b, c, d, e)) \
  X(C_VerifyUpdate, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c), (a, b, c)) \
  X(C_VerifyFinal, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c), (a, b, c)) \
  X(C_VerifyRecoverInit, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c), (a, b, c)) \
  X(C_VerifyRecover, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG_PTR e), (a, b, c, d, e)) \
  X(C_DigestEncryptUpdate, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG_PTR e), (a, b, c, d, e)) \
  X(C_DecryptDigestUpdate, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG_PTR e), (a, b, c, d, e)) \
  X(C_SignEncryptUpdate, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG_PTR e), (a, b, c, d, e)) \
  X(C_DecryptVerifyUpdate, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c, CK_BYTE_PTR d, CK_ULONG_PTR e), (a, b, c, d, e)) \
  X(C_GenerateKey, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_ATTRIBUTE_PTR c, CK_ULONG d, CK_OBJECT_HANDLE_PTR e), (a, b, c, d, e)) \
  X(C_GenerateKeyPair, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_ATTRIBUTE_PTR c, CK_ULONG d, CK_ATTRIBUTE_PTR e, CK_ULONG f, CK_OBJECT_HANDLE_PTR g, CK_OBJECT_HANDLE_PTR h), (a, b, c, d, e, f, g, h)) \
  X(C_WrapKey, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c, CK_OBJECT_HANDLE d, CK_BYTE_PTR e, CK_ULONG_PTR f), (a, b, c, d, e, f)) \
  X(C_UnwrapKey, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c, CK_BYTE_PTR d, CK_ULONG e, CK_ATTRIBUTE_PTR f, CK_ULONG g, CK_OBJECT_HANDLE_PTR h), (a, b, c, d, e, f, g, h)) \
  X(C_DeriveKey, (CK_SESSION_HANDLE a, CK_MECHANISM_PTR b, CK_OBJECT_HANDLE c, CK_ATTRIBUTE_PTR d, CK_ULONG e, CK_OBJECT_HANDLE_PTR f), (a, b, c, d, e, f)) \
  X(C_SeedRandom, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c), (a, b, c)) \
  X(C_GenerateRandom, (CK_SESSION_HANDLE a, CK_BYTE_PTR b, CK_ULONG c), (a, b, c)) \
  X(C_GetFunctionStatus, (CK_SESSION_HANDLE a), (a)) \
  X(C_CancelFunction, (CK_SESSION_HANDLE a), (a)) \
  X(C_WaitForSlotEvent, (CK_FLAGS a, CK_SLOT_ID_PTR b, CK_VOID_PTR c), (a, b, c))

enum shim_fn {
#define X(name, params, args) FN_##name,
  SHIM_FUNCS(X)
#undef X
  FN_COUNT
};

static const char *const fn_names[FN_COUNT] = {
#define X(name, params, args) #name,
  SHIM_FUNCS(X)
#undef X
};

_Static_assert(FN_COUNT == 68, "PKCS#11 v2.40 has 68 functions");

/* ---------------------------------------------------------------------------------------
 * Configuration
 * ------------------------------------------------------------------------------------- */
enum fail_mode { FAIL_NONE = 0, FAIL_DEVICE_ERROR, FAIL_SESSION_HANDLE_INVALID, FAIL_TOKEN_NOT_PRESENT, FAIL_HANG };

struct shim_config {
  unsigned long latency_us;
  unsigned long jitter_us;
  int latency_all;
  enum fail_mode fail;
  double fail_rate;
  unsigned long hang_timeout_ms;
  unsigned char fail_calls[FN_COUNT]; /* 1 = injection allowed on this function */
};

/* Raw (string) settings: env values overlaid with control-file values. */
enum { K_LATENCY_US, K_JITTER_US, K_LATENCY_ALL, K_FAIL, K_FAIL_RATE, K_FAIL_CALLS, K_HANG_TIMEOUT_MS, K_COUNT };
static const char *const key_names[K_COUNT] = {"latency_us", "jitter_us", "latency_all", "fail", "fail_rate", "fail_calls", "hang_timeout_ms"};
static const char *const env_names[K_COUNT] = {"XKS_SHIM_LATENCY_US", "XKS_SHIM_JITTER_US", "XKS_SHIM_LATENCY_ALL", "XKS_SHIM_FAIL",
                                               "XKS_SHIM_FAIL_RATE", "XKS_SHIM_FAIL_CALLS", "XKS_SHIM_HANG_TIMEOUT_MS"};
#define VAL_MAX 1024

static pthread_rwlock_t cfg_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct shim_config cfg_current;          /* guarded by cfg_lock */

static pthread_mutex_t reload_lock = PTHREAD_MUTEX_INITIALIZER;
static char env_vals[K_COUNT][VAL_MAX];         /* written once in shim_init, then read-only */
static char control_path[4096];                 /* written once in shim_init, then read-only */
static struct {                                  /* guarded by reload_lock */
  int present;
  dev_t dev;
  ino_t ino;
  off_t size;
  struct timespec mtime;
} control_seen;
static _Atomic long long last_check_ns;

static const unsigned char crypto_fns[FN_COUNT] = {
  [FN_C_EncryptInit] = 1, [FN_C_Encrypt] = 1, [FN_C_DecryptInit] = 1, [FN_C_Decrypt] = 1,
};

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = 0;
  return s;
}

static int fn_lookup(const char *name) {
  for (int i = 0; i < FN_COUNT; i++) {
    if (strcasecmp(name, fn_names[i]) == 0) return i;
    if (strcasecmp(name, fn_names[i] + 2) == 0) return i; /* allow "Encrypt" for "C_Encrypt" */
  }
  return -1;
}

static unsigned long parse_ulong(const char *key, const char *v, unsigned long dflt) {
  if (!v || !*v) return dflt;
  char *end;
  errno = 0;
  unsigned long n = strtoul(v, &end, 10);
  if (errno || *trim(end) || *v == '-') {
    fprintf(stderr, "xks-shim: ignoring invalid %s=%s\n", key, v);
    return dflt;
  }
  return n;
}

/* Build a config from raw values (NULL/"" = unset). */
static void build_config(char vals[K_COUNT][VAL_MAX], struct shim_config *c) {
  memset(c, 0, sizeof *c);
  c->latency_us = parse_ulong("latency_us", vals[K_LATENCY_US], 0);
  c->jitter_us = parse_ulong("jitter_us", vals[K_JITTER_US], 0);
  c->latency_all = parse_ulong("latency_all", vals[K_LATENCY_ALL], 0) != 0;
  c->hang_timeout_ms = parse_ulong("hang_timeout_ms", vals[K_HANG_TIMEOUT_MS], 0);

  const char *f = vals[K_FAIL];
  if (!*f || !strcasecmp(f, "none") || !strcmp(f, "0")) c->fail = FAIL_NONE;
  else if (!strcasecmp(f, "device_error")) c->fail = FAIL_DEVICE_ERROR;
  else if (!strcasecmp(f, "session_handle_invalid")) c->fail = FAIL_SESSION_HANDLE_INVALID;
  else if (!strcasecmp(f, "token_not_present")) c->fail = FAIL_TOKEN_NOT_PRESENT;
  else if (!strcasecmp(f, "hang")) c->fail = FAIL_HANG;
  else {
    fprintf(stderr, "xks-shim: ignoring unknown fail=%s\n", f);
    c->fail = FAIL_NONE;
  }

  c->fail_rate = 1.0;
  if (*vals[K_FAIL_RATE]) {
    char *end;
    double r = strtod(vals[K_FAIL_RATE], &end);
    if (end == vals[K_FAIL_RATE] || *trim(end) || !(r >= 0.0 && r <= 1.0))
      fprintf(stderr, "xks-shim: ignoring invalid fail_rate=%s\n", vals[K_FAIL_RATE]);
    else
      c->fail_rate = r;
  }

  if (*vals[K_FAIL_CALLS]) {
    char buf[VAL_MAX];
    snprintf(buf, sizeof buf, "%s", vals[K_FAIL_CALLS]);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
      char *name = trim(tok);
      if (!*name) continue;
      if (!strcasecmp(name, "all") || !strcmp(name, "*")) {
        memset(c->fail_calls, 1, sizeof c->fail_calls);
        continue;
      }
      int i = fn_lookup(name);
      if (i < 0) fprintf(stderr, "xks-shim: ignoring unknown function in fail_calls: %s\n", name);
      else c->fail_calls[i] = 1;
    }
  } else {
    memcpy(c->fail_calls, crypto_fns, sizeof c->fail_calls);
  }
}

/* Parse the control file into vals (overlaying). Returns 0 if read. */
static int read_control(const char *path, char vals[K_COUNT][VAL_MAX]) {
  FILE *fp = fopen(path, "r");
  if (!fp) return -1;
  char line[VAL_MAX + 64];
  while (fgets(line, sizeof line, fp)) {
    char *s = trim(line);
    if (!*s || *s == '#') continue;
    char *eq = strchr(s, '=');
    if (!eq) continue;
    *eq = 0;
    char *k = trim(s), *v = trim(eq + 1);
    int found = 0;
    for (int i = 0; i < K_COUNT; i++) {
      if (!strcasecmp(k, key_names[i])) {
        snprintf(vals[i], VAL_MAX, "%s", v);
        found = 1;
        break;
      }
    }
    if (!found) fprintf(stderr, "xks-shim: ignoring unknown control key %s\n", k);
  }
  fclose(fp);
  return 0;
}

static void install_config(const struct shim_config *c) {
  pthread_rwlock_wrlock(&cfg_lock);
  cfg_current = *c;
  pthread_rwlock_unlock(&cfg_lock);
}

/* Re-read the control file if it changed. Caller holds reload_lock. */
static void reload_locked(void) {
  struct stat st;
  int present = control_path[0] && stat(control_path, &st) == 0;
  if (present == control_seen.present &&
      (!present || (st.st_dev == control_seen.dev && st.st_ino == control_seen.ino && st.st_size == control_seen.size &&
                    st.st_mtim.tv_sec == control_seen.mtime.tv_sec && st.st_mtim.tv_nsec == control_seen.mtime.tv_nsec)))
    return;
  static char vals[K_COUNT][VAL_MAX]; /* guarded by reload_lock */
  memcpy(vals, env_vals, sizeof vals);
  if (present && read_control(control_path, vals) != 0) present = 0; /* vanished between stat and open */
  struct shim_config c;
  build_config(vals, &c);
  install_config(&c);
  control_seen.present = present;
  if (present) {
    control_seen.dev = st.st_dev;
    control_seen.ino = st.st_ino;
    control_seen.size = st.st_size;
    control_seen.mtime = st.st_mtim;
  }
}

/* Cheap: at most one stat() per ~50 ms across all threads (force = poll now). */
static void maybe_reload(int force) {
  if (!control_path[0]) return;
  long long now = now_ns();
  long long last = atomic_load_explicit(&last_check_ns, memory_order_relaxed);
  if (!force && now - last < 50LL * 1000000LL) return;
  if (!force && !atomic_compare_exchange_strong(&last_check_ns, &last, now)) return; /* another thread checks */
  if (force) atomic_store(&last_check_ns, now);
  pthread_mutex_lock(&reload_lock);
  reload_locked();
  pthread_mutex_unlock(&reload_lock);
}

static void get_config(struct shim_config *out) {
  pthread_rwlock_rdlock(&cfg_lock);
  *out = cfg_current;
  pthread_rwlock_unlock(&cfg_lock);
}

/* ---------------------------------------------------------------------------------------
 * Per-thread randomness and sleeping
 * ------------------------------------------------------------------------------------- */
static __thread uint64_t rng_state;

static uint64_t rng_next(void) {
  if (!rng_state) {
    rng_state = (uint64_t)now_ns() ^ ((uint64_t)(uintptr_t)&rng_state << 17) ^ (uint64_t)pthread_self();
    if (!rng_state) rng_state = 0x9E3779B97F4A7C15ULL;
  }
  /* xorshift64* */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1DULL;
}

static double rng_unit(void) { return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0); }

static void sleep_us(unsigned long long us) {
  if (!us) return;
  struct timespec ts = {(time_t)(us / 1000000ULL), (long)(us % 1000000ULL) * 1000L}, rem;
  while (nanosleep(&ts, &rem) != 0 && errno == EINTR) ts = rem;
}

/* ---------------------------------------------------------------------------------------
 * Target module
 * ------------------------------------------------------------------------------------- */
static void *target_handle;
static CK_FUNCTION_LIST_PTR target;       /* set once under pthread_once */
static char target_path[4096];
static CK_FUNCTION_LIST shim_list;        /* filled once under pthread_once */
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static const char *const default_targets[] = {
  "/usr/lib/softhsm/libsofthsm2.so",
  "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
  "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
};

static void load_target(void) {
  const char *env = getenv("XKS_SHIM_TARGET");
  if (env && *env) {
    snprintf(target_path, sizeof target_path, "%s", env);
  } else {
    snprintf(target_path, sizeof target_path, "%s", default_targets[0]);
    for (size_t i = 0; i < sizeof default_targets / sizeof *default_targets; i++)
      if (access(default_targets[i], R_OK) == 0) {
        snprintf(target_path, sizeof target_path, "%s", default_targets[i]);
        break;
      }
  }
  target_handle = dlopen(target_path, RTLD_NOW | RTLD_LOCAL);
  if (!target_handle) {
    fprintf(stderr, "xks-shim: cannot load target %s: %s\n", target_path, dlerror());
    return;
  }
  CK_C_GetFunctionList gfl = (CK_C_GetFunctionList)dlsym(target_handle, "C_GetFunctionList");
  if (!gfl) {
    fprintf(stderr, "xks-shim: %s has no C_GetFunctionList\n", target_path);
    return;
  }
  CK_FUNCTION_LIST_PTR list = NULL;
  CK_RV rv = gfl(&list);
  if (rv != CKR_OK || !list) {
    fprintf(stderr, "xks-shim: %s C_GetFunctionList failed: 0x%lx\n", target_path, (unsigned long)rv);
    return;
  }
  target = list;
}

/* ---------------------------------------------------------------------------------------
 * Injection
 * ------------------------------------------------------------------------------------- */
enum action { ACT_PASS = 0, ACT_DEVICE_ERROR, ACT_SESSION_HANDLE_INVALID, ACT_TOKEN_NOT_PRESENT };

/* Apply latency and decide whether to inject a failure; hangs here when fail=hang. */
static enum action shim_before(enum shim_fn fn) {
  struct shim_config c;
  maybe_reload(0);
  get_config(&c);

  if ((c.latency_all || crypto_fns[fn]) && (c.latency_us || c.jitter_us)) {
    unsigned long long us = c.latency_us;
    if (c.jitter_us) us += rng_next() % ((unsigned long long)c.jitter_us + 1ULL);
    sleep_us(us);
  }

  if (c.fail == FAIL_NONE || !c.fail_calls[fn]) return ACT_PASS;
  if (c.fail_rate < 1.0 && rng_unit() >= c.fail_rate) return ACT_PASS;

  if (c.fail == FAIL_HANG) {
    long long start = now_ns();
    for (;;) {
      sleep_us(10000);
      maybe_reload(1);
      get_config(&c);
      if (c.fail != FAIL_HANG || !c.fail_calls[fn]) break; /* released by a change */
      if (c.hang_timeout_ms && now_ns() - start >= (long long)c.hang_timeout_ms * 1000000LL) return ACT_DEVICE_ERROR;
    }
    /* The control file changed: apply whatever it says now (no second dice roll). */
    if (c.fail == FAIL_NONE || !c.fail_calls[fn]) return ACT_PASS;
  }
  switch (c.fail) {
    case FAIL_DEVICE_ERROR: return ACT_DEVICE_ERROR;
    case FAIL_SESSION_HANDLE_INVALID: return ACT_SESSION_HANDLE_INVALID;
    case FAIL_TOKEN_NOT_PRESENT: return ACT_TOKEN_NOT_PRESENT;
    default: return ACT_PASS;
  }
}

static CK_RV action_rv(enum action a) {
  switch (a) {
    case ACT_DEVICE_ERROR: return CKR_DEVICE_ERROR;
    case ACT_SESSION_HANDLE_INVALID: return CKR_SESSION_HANDLE_INVALID;
    case ACT_TOKEN_NOT_PRESENT: return CKR_TOKEN_NOT_PRESENT;
    default: return CKR_OK;
  }
}

/* ---------------------------------------------------------------------------------------
 * Forwarders: one per function, generated
 * ------------------------------------------------------------------------------------- */
#define X(name, params, args)                              \
  __attribute__((unused)) static CK_RV fwd_##name params { \
    if (!target) return CKR_GENERAL_ERROR;                 \
    enum action act = shim_before(FN_##name);              \
    if (act != ACT_PASS) return action_rv(act);            \
    return target->name args;                              \
  }
SHIM_FUNCS(X)
#undef X

/* Special cases */
static CK_RV shim_C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppList);

static CK_RV shim_C_GetInfo(CK_INFO_PTR info) {
  if (!target) return CKR_GENERAL_ERROR;
  enum action act = shim_before(FN_C_GetInfo);
  if (act != ACT_PASS) return action_rv(act);
  CK_RV rv = target->C_GetInfo(info);
  if (rv == CKR_OK && info) {
    const char *base = strrchr(target_path, '/');
    base = base ? base + 1 : target_path;
    static const char prefix[] = "xks-shim over ";
    const size_t cap = sizeof info->libraryDescription, plen = sizeof prefix - 1;
    size_t blen = strlen(base);
    if (blen > cap - plen) blen = cap - plen;
    memset(info->libraryDescription, ' ', cap); /* blank padded, not NUL terminated */
    memcpy(info->libraryDescription, prefix, plen);
    memcpy(info->libraryDescription + plen, base, blen);
  }
  return rv;
}

/* "Token removed": C_GetSlotList(tokenPresent=TRUE) lists no slot. */
static CK_RV shim_C_GetSlotList(CK_BBOOL present, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
  if (!target) return CKR_GENERAL_ERROR;
  enum action act = shim_before(FN_C_GetSlotList);
  if (act == ACT_TOKEN_NOT_PRESENT) {
    if (!present) return target->C_GetSlotList(present, list, count);
    if (!count) return CKR_ARGUMENTS_BAD;
    *count = 0;
    return CKR_OK;
  }
  if (act != ACT_PASS) return action_rv(act);
  return target->C_GetSlotList(present, list, count);
}

/* An injected failure on a call that would end an operation must still end it in the target
 * (PKCS#11: any error other than CKR_BUFFER_TOO_SMALL terminates the active operation), or the
 * next C_EncryptInit on that session would get CKR_OPERATION_ACTIVE. So the target finishes the
 * operation into a scratch buffer that the caller never sees, and the caller gets the error. */
typedef CK_RV (*single_part_fn)(CK_SESSION_HANDLE, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG_PTR);
typedef CK_RV (*final_fn)(CK_SESSION_HANDLE, CK_BYTE_PTR, CK_ULONG_PTR);

static void finish_single(single_part_fn fn, CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len) {
  CK_ULONG n = 0;
  if (fn(s, in, in_len, NULL, &n) != CKR_OK) return; /* an error already ended it */
  CK_BYTE_PTR buf = malloc(n ? n : 1);
  if (!buf) return;
  fn(s, in, in_len, buf, &n);
  free(buf);
}

static void finish_final(final_fn fn, CK_SESSION_HANDLE s) {
  CK_ULONG n = 0;
  if (fn(s, NULL, &n) != CKR_OK) return;
  CK_BYTE_PTR buf = malloc(n ? n : 1);
  if (!buf) return;
  fn(s, buf, &n);
  free(buf);
}

#define SINGLE_PART(name, final_name)                                                                       \
  static CK_RV shim_##name(CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len) { \
    if (!target) return CKR_GENERAL_ERROR;                                                                  \
    enum action act = shim_before(FN_##name);                                                               \
    if (act == ACT_PASS) return target->name(s, in, in_len, out, out_len);                                  \
    finish_single(target->name, s, in, in_len);                                                             \
    return action_rv(act);                                                                                  \
  }
#define UPDATE(name, final_name)                                                                            \
  static CK_RV shim_##name(CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len) { \
    if (!target) return CKR_GENERAL_ERROR;                                                                  \
    enum action act = shim_before(FN_##name);                                                               \
    if (act == ACT_PASS) return target->name(s, in, in_len, out, out_len);                                  \
    finish_final(target->final_name, s);                                                                    \
    return action_rv(act);                                                                                  \
  }
#define FINAL(name)                                                                                         \
  static CK_RV shim_##name(CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {                    \
    if (!target) return CKR_GENERAL_ERROR;                                                                  \
    enum action act = shim_before(FN_##name);                                                               \
    if (act == ACT_PASS) return target->name(s, out, out_len);                                              \
    finish_final(target->name, s);                                                                          \
    return action_rv(act);                                                                                  \
  }
SINGLE_PART(C_Encrypt, C_EncryptFinal)
SINGLE_PART(C_Decrypt, C_DecryptFinal)
UPDATE(C_EncryptUpdate, C_EncryptFinal)
UPDATE(C_DecryptUpdate, C_DecryptFinal)
FINAL(C_EncryptFinal)
FINAL(C_DecryptFinal)
#undef SINGLE_PART
#undef UPDATE
#undef FINAL

static void shim_init(void) {
  for (int i = 0; i < K_COUNT; i++) {
    const char *v = getenv(env_names[i]);
    snprintf(env_vals[i], VAL_MAX, "%s", v ? v : "");
  }
  const char *cp = getenv("XKS_SHIM_CONTROL");
  snprintf(control_path, sizeof control_path, "%s", cp ? cp : "");
  struct shim_config c;
  build_config(env_vals, &c);
  install_config(&c);
  pthread_mutex_lock(&reload_lock);
  control_seen.present = 0;
  if (control_path[0]) reload_locked();
  pthread_mutex_unlock(&reload_lock);
  atomic_store(&last_check_ns, now_ns());

  load_target();

  shim_list.version.major = 2;
  shim_list.version.minor = 40;
#define X(name, params, args) shim_list.name = fwd_##name;
  SHIM_FUNCS(X)
#undef X
  shim_list.C_GetFunctionList = shim_C_GetFunctionList;
  shim_list.C_GetInfo = shim_C_GetInfo;
  shim_list.C_GetSlotList = shim_C_GetSlotList;
  shim_list.C_Encrypt = shim_C_Encrypt;
  shim_list.C_Decrypt = shim_C_Decrypt;
  shim_list.C_EncryptUpdate = shim_C_EncryptUpdate;
  shim_list.C_DecryptUpdate = shim_C_DecryptUpdate;
  shim_list.C_EncryptFinal = shim_C_EncryptFinal;
  shim_list.C_DecryptFinal = shim_C_DecryptFinal;
}

__attribute__((constructor)) static void shim_ctor(void) { pthread_once(&init_once, shim_init); }

static CK_RV shim_C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppList) {
  pthread_once(&init_once, shim_init);
  if (!ppList) return CKR_ARGUMENTS_BAD;
  if (!target) return CKR_GENERAL_ERROR;
  *ppList = &shim_list;
  return CKR_OK;
}

/* The only exported symbol: everything else is reached through the function list, so the
 * shim never interposes on the target's own C_* symbols. */
SHIM_EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppList) { return shim_C_GetFunctionList(ppList); }
