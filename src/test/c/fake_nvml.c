/*
 * A fake libnvidia-ml.so.1 for tests without a GPU. It exports the NVML functions the gpu-agent binds (same names,
 * same C signatures, same struct layouts as nvml.h) plus fake_nvml_* setters that tests call through a second JNA
 * interface to script the "driver": device count, utilization and memory per GPU, MIG mode, and the return code of
 * any function (per GPU or for all). Built by the Maven test phase (build-fake-nvml.sh), never committed.
 *
 * A test in another process (the packaged agent under @QuarkusIntegrationTest) scripts it through a control file
 * instead: fake-nvml.control beside the library, re-read whenever it is replaced. Each version of the file describes
 * the whole scenario, one setter call per line, applied to a fresh state (nvmlInit_v2 calls are kept):
 *     count 2 | utilization <gpu> <gpu%> <mem%> | memory <gpu> <total> <used> <reserved> | mig <gpu> <0|1> <devices>
 *     return <function|*> <gpu|-1> <code> | driver <version>
 *
 * Device handles encode their GPU: (gpu + 1) << 8 for a GPU, | (mig + 1) for its MIG devices.
 * With -DFAKE_NVML_NO_MEMORY_V2 the library lacks nvmlDeviceGetMemoryInfo_v2, like drivers before it existed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define EXPORT __attribute__((visibility("default")))

#define NVML_SUCCESS 0
#define NVML_ERROR_UNINITIALIZED 1
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_NOT_FOUND 6
#define NVML_ERROR_INSUFFICIENT_SIZE 7
#define NVML_ERROR_ARGUMENT_VERSION_MISMATCH 25

#define MAX_GPUS 16
#define MAX_MIG 7
#define MAX_OVERRIDES 64
#define ALL_DEVICES -1
#define UUID_LENGTH 41 /* "GPU-" + 36 + NUL */

typedef void *nvmlDevice_t;

typedef struct {
    unsigned int gpu;
    unsigned int memory;
} nvmlUtilization_t;

typedef struct {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
} nvmlMemory_t;

typedef struct {
    unsigned int version;
    unsigned long long total;
    unsigned long long reserved;
    unsigned long long free;
    unsigned long long used;
} nvmlMemory_v2_t;

#define NVML_MEMORY_V2_VERSION ((unsigned int) (sizeof(nvmlMemory_v2_t) | (2 << 24)))

struct gpu {
    unsigned int util_gpu;
    unsigned int util_memory;
    unsigned long long total;
    unsigned long long used; /* allocated, without the reserved part */
    unsigned long long reserved;
    unsigned int mig_enabled;
    unsigned int mig_devices;
};

struct override {
    char function[64];
    int gpu;
    int code;
};

struct counter {
    char function[64];
    long calls;
};

static int init_count;
static unsigned int device_count;
static struct gpu gpus[MAX_GPUS];
static struct override overrides[MAX_OVERRIDES];
static int override_count;
static struct counter counters[64];
static int counter_count;
static char driver_version[80];

static void read_control_file(void);

/* Every NVML function starts here: the control file is looked at, and the call counted. */
static void count_call(const char *function) {
    read_control_file();
    for (int i = 0; i < counter_count; i++) {
        if (strcmp(counters[i].function, function) == 0) {
            counters[i].calls++;
            return;
        }
    }
    if (counter_count < (int) (sizeof(counters) / sizeof(counters[0]))) {
        snprintf(counters[counter_count].function, sizeof(counters[0].function), "%s", function);
        counters[counter_count++].calls = 1;
    }
}

/* The scripted return code for this call, or SUCCESS. "*" names every device function. */
static int override_for(const char *function, int gpu) {
    for (int i = 0; i < override_count; i++) {
        struct override *o = &overrides[i];
        int function_matches = strcmp(o->function, function) == 0 || (strcmp(o->function, "*") == 0 && gpu != ALL_DEVICES);
        if (function_matches && (o->gpu == ALL_DEVICES || o->gpu == gpu)) {
            return o->code;
        }
    }
    return NVML_SUCCESS;
}

static nvmlDevice_t gpu_handle(unsigned int gpu) {
    return (nvmlDevice_t) (uintptr_t) ((gpu + 1) << 8);
}

static nvmlDevice_t mig_handle(unsigned int gpu, unsigned int mig) {
    return (nvmlDevice_t) (uintptr_t) (((gpu + 1) << 8) | (mig + 1));
}

/* -1 for a handle that names no existing device. */
static int gpu_of(nvmlDevice_t device) {
    uintptr_t value = (uintptr_t) device;
    int gpu = (int) (value >> 8) - 1;
    return gpu >= 0 && (unsigned int) gpu < device_count ? gpu : -1;
}

static int mig_of(nvmlDevice_t device) {
    return (int) ((uintptr_t) device & 0xff) - 1;
}

/*
 * Common prologue of the device functions: the call is counted, then scripted codes, init state and handle are
 * checked; on SUCCESS *g is the device's GPU.
 */
static int enter(const char *function, nvmlDevice_t device, struct gpu **g) {
    count_call(function);
    int gpu = gpu_of(device);
    int code = override_for(function, gpu < 0 ? ALL_DEVICES : gpu);
    if (code != NVML_SUCCESS) {
        return code;
    }
    if (init_count == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (gpu < 0 || mig_of(device) >= (int) gpus[gpu].mig_devices) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *g = &gpus[gpu];
    return NVML_SUCCESS;
}

static void copy_out(char *buffer, unsigned int length, const char *text) {
    if (length > 0) {
        snprintf(buffer, length, "%s", text);
    }
}

/* ---------------------------------------------------------------- setters the tests call ---------------------- */

/* The default scenario: two idle GPUs of 80 GiB, nothing failing. Keeps init_count and the call counters. */
static void reset_scenario(void) {
    device_count = 2;
    override_count = 0;
    snprintf(driver_version, sizeof(driver_version), "%s", "550.54.15");
    for (int i = 0; i < MAX_GPUS; i++) {
        gpus[i] = (struct gpu) {.total = 80ULL << 30, .used = 1ULL << 30, .reserved = 512ULL << 20};
    }
}

EXPORT void fake_nvml_set_device_count(unsigned int count) {
    device_count = count > MAX_GPUS ? MAX_GPUS : count;
}

EXPORT void fake_nvml_set_utilization(unsigned int gpu, unsigned int gpu_percent, unsigned int memory_percent) {
    if (gpu < MAX_GPUS) {
        gpus[gpu].util_gpu = gpu_percent;
        gpus[gpu].util_memory = memory_percent;
    }
}

EXPORT void fake_nvml_set_memory(unsigned int gpu, unsigned long long total, unsigned long long used, unsigned long long reserved) {
    if (gpu < MAX_GPUS) {
        gpus[gpu].total = total;
        gpus[gpu].used = used;
        gpus[gpu].reserved = reserved;
    }
}

/* MIG on (with this many MIG devices, memory split evenly) or off. */
EXPORT void fake_nvml_set_mig(unsigned int gpu, unsigned int enabled, unsigned int mig_devices) {
    if (gpu < MAX_GPUS) {
        gpus[gpu].mig_enabled = enabled;
        gpus[gpu].mig_devices = enabled ? (mig_devices > MAX_MIG ? MAX_MIG : mig_devices) : 0;
    }
}

/* Makes `function` ("*": every device function) return `code` for GPU `gpu` (-1: every GPU, or a global function). */
EXPORT int fake_nvml_set_return(const char *function, int gpu, int code) {
    for (int i = 0; i < override_count; i++) {
        if (strcmp(overrides[i].function, function) == 0 && overrides[i].gpu == gpu) {
            overrides[i].code = code;
            return 0;
        }
    }
    if (override_count == MAX_OVERRIDES) {
        return -1;
    }
    snprintf(overrides[override_count].function, sizeof(overrides[0].function), "%s", function);
    overrides[override_count].gpu = gpu;
    overrides[override_count++].code = code;
    return 0;
}

EXPORT void fake_nvml_clear_returns(void) {
    override_count = 0;
}

EXPORT void fake_nvml_set_driver_version(const char *version) {
    snprintf(driver_version, sizeof(driver_version), "%s", version);
}

/* nvmlInit_v2 calls not yet balanced by nvmlShutdown. */
EXPORT int fake_nvml_init_count(void) {
    return init_count;
}

/* How often `function` was called since the last reset. */
EXPORT long fake_nvml_calls(const char *function) {
    for (int i = 0; i < counter_count; i++) {
        if (strcmp(counters[i].function, function) == 0) {
            return counters[i].calls;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- the control file ---------------------------- */

static char control_path[4096];
static struct stat control_seen;

static void apply_control_line(char *line) {
    char word[64], function[64];
    unsigned int a, b, c;
    unsigned long long total, used, reserved;
    int gpu, code;
    if (sscanf(line, "%63s", word) != 1) {
        return;
    }
    if (strcmp(word, "count") == 0 && sscanf(line, "%*s %u", &a) == 1) {
        fake_nvml_set_device_count(a);
    } else if (strcmp(word, "utilization") == 0 && sscanf(line, "%*s %u %u %u", &a, &b, &c) == 3) {
        fake_nvml_set_utilization(a, b, c);
    } else if (strcmp(word, "memory") == 0 && sscanf(line, "%*s %u %llu %llu %llu", &a, &total, &used, &reserved) == 4) {
        fake_nvml_set_memory(a, total, used, reserved);
    } else if (strcmp(word, "mig") == 0 && sscanf(line, "%*s %u %u %u", &a, &b, &c) == 3) {
        fake_nvml_set_mig(a, b, c);
    } else if (strcmp(word, "return") == 0 && sscanf(line, "%*s %63s %d %d", function, &gpu, &code) == 3) {
        fake_nvml_set_return(function, gpu, code);
    } else if (strcmp(word, "driver") == 0 && sscanf(line, "%*s %63s", function) == 1) {
        fake_nvml_set_driver_version(function);
    } else {
        fprintf(stderr, "fake NVML: ignored control line: %s", line);
    }
}

/* Applies the control file when it was replaced or changed since the last look. */
static void read_control_file(void) {
    struct stat now;
    if (control_path[0] == 0 || stat(control_path, &now) != 0) {
        return;
    }
    if (now.st_ino == control_seen.st_ino && now.st_size == control_seen.st_size
        && now.st_mtim.tv_sec == control_seen.st_mtim.tv_sec && now.st_mtim.tv_nsec == control_seen.st_mtim.tv_nsec) {
        return;
    }
    FILE *file = fopen(control_path, "r");
    if (file == NULL) {
        return;
    }
    control_seen = now;
    reset_scenario();
    char line[256];
    while (fgets(line, sizeof(line), file) != NULL) {
        apply_control_line(line);
    }
    fclose(file);
}

/* ---------------------------------------------------------------- NVML ---------------------------------------- */

__attribute__((constructor)) static void fake_nvml_load(void) {
    reset_scenario();
    Dl_info self;
    if (dladdr((void *) &fake_nvml_load, &self) != 0 && self.dli_fname != NULL && strchr(self.dli_fname, '/') != NULL) {
        char directory[4096];
        snprintf(directory, sizeof(directory), "%s", self.dli_fname);
        snprintf(control_path, sizeof(control_path), "%s/fake-nvml.control", dirname(directory));
    }
}

EXPORT int nvmlInit_v2(void) {
    count_call("nvmlInit_v2");
    int code = override_for("nvmlInit_v2", ALL_DEVICES);
    if (code == NVML_SUCCESS) {
        init_count++;
    }
    return code;
}

EXPORT int nvmlInitWithFlags(unsigned int flags) {
    (void) flags;
    return nvmlInit_v2();
}

EXPORT int nvmlShutdown(void) {
    count_call("nvmlShutdown");
    if (init_count == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    init_count--;
    return override_for("nvmlShutdown", ALL_DEVICES);
}

EXPORT const char *nvmlErrorString(int result) {
    switch (result) {
        case 0: return "Success";
        case 1: return "Uninitialized";
        case 2: return "Invalid Argument";
        case 3: return "Not Supported";
        case 4: return "Insufficient Permissions";
        case 6: return "Not Found";
        case 9: return "Driver Not Loaded";
        case 15: return "GPU is lost";
        case 18: return "Driver/library version mismatch";
        case 25: return "Argument version mismatch";
        default: return "Unknown Error";
    }
}

EXPORT int nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    count_call("nvmlSystemGetDriverVersion");
    int code = override_for("nvmlSystemGetDriverVersion", ALL_DEVICES);
    if (code != NVML_SUCCESS) {
        return code;
    }
    if (init_count == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (length < strlen(driver_version) + 1) {
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    copy_out(version, length, driver_version);
    return NVML_SUCCESS;
}

EXPORT int nvmlDeviceGetCount_v2(unsigned int *count) {
    count_call("nvmlDeviceGetCount_v2");
    int code = override_for("nvmlDeviceGetCount_v2", ALL_DEVICES);
    if (code != NVML_SUCCESS) {
        return code;
    }
    if (init_count == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (count == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *count = device_count;
    return NVML_SUCCESS;
}

EXPORT int nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    count_call("nvmlDeviceGetHandleByIndex_v2");
    int code = override_for("nvmlDeviceGetHandleByIndex_v2", index < device_count ? (int) index : ALL_DEVICES);
    if (code == NVML_SUCCESS && index < device_count) {
        code = override_for("*", (int) index);
    }
    if (code != NVML_SUCCESS) {
        return code;
    }
    if (init_count == 0) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (index >= device_count || device == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *device = gpu_handle(index);
    return NVML_SUCCESS;
}

EXPORT int nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) {
    struct gpu *g;
    int code = enter("nvmlDeviceGetUUID", device, &g);
    if (code != NVML_SUCCESS) {
        return code;
    }
    if (length < UUID_LENGTH) {
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    int gpu = (int) (g - gpus);
    int mig = mig_of(device);
    char text[UUID_LENGTH];
    if (mig < 0) {
        snprintf(text, sizeof(text), "GPU-00000000-0000-0000-0000-%012d", gpu);
    } else {
        snprintf(text, sizeof(text), "MIG-00000000-0000-0000-%04d-%012d", mig, gpu);
    }
    copy_out(uuid, length, text);
    return NVML_SUCCESS;
}

EXPORT int nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
    struct gpu *g;
    int code = enter("nvmlDeviceGetName", device, &g);
    if (code != NVML_SUCCESS) {
        return code;
    }
    copy_out(name, length, mig_of(device) < 0 ? "Fake GPU 80GB" : "Fake GPU 80GB MIG 1g.10gb");
    return NVML_SUCCESS;
}

EXPORT int nvmlDeviceGetMigMode(nvmlDevice_t device, unsigned int *current, unsigned int *pending) {
    struct gpu *g;
    int code = enter("nvmlDeviceGetMigMode", device, &g);
    if (code != NVML_SUCCESS) {
        return code;
    }
    if (mig_of(device) >= 0) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    *current = g->mig_enabled;
    *pending = g->mig_enabled;
    return NVML_SUCCESS;
}

EXPORT int nvmlDeviceGetMaxMigDeviceCount(nvmlDevice_t device, unsigned int *count) {
    struct gpu *g;
    int code = enter("nvmlDeviceGetMaxMigDeviceCount", device, &g);
    if (code != NVML_SUCCESS) {
        return code;
    }
    *count = g->mig_enabled ? MAX_MIG : 0;
    return NVML_SUCCESS;
}

EXPORT int nvmlDeviceGetMigDeviceHandleByIndex(nvmlDevice_t device, unsigned int index, nvmlDevice_t *mig_device) {
    struct gpu *g;
    int code = enter("nvmlDeviceGetMigDeviceHandleByIndex", device, &g);
    if (code != NVML_SUCCESS) {
        return code;
    }
    if (!g->mig_enabled || mig_of(device) >= 0) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (index >= g->mig_devices) {
        return NVML_ERROR_NOT_FOUND;
    }
    *mig_device = mig_handle((unsigned int) (g - gpus), index);
    return NVML_SUCCESS;
}

EXPORT int nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) {
    struct gpu *g;
    int code = enter("nvmlDeviceGetUtilizationRates", device, &g);
    if (code != NVML_SUCCESS) {
        return code;
    }
    if (g->mig_enabled || mig_of(device) >= 0) {
        return NVML_ERROR_NOT_SUPPORTED;
    }
    utilization->gpu = g->util_gpu;
    utilization->memory = g->util_memory;
    return NVML_SUCCESS;
}

/* Memory of a GPU, or its share for one of its MIG devices. */
static void memory_of(const struct gpu *g, nvmlDevice_t device, unsigned long long *total, unsigned long long *used,
                      unsigned long long *reserved) {
    unsigned long long parts = mig_of(device) >= 0 ? g->mig_devices : 1;
    *total = g->total / parts;
    *used = g->used / parts;
    *reserved = g->reserved / parts;
}

EXPORT int nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) {
    struct gpu *g;
    int code = enter("nvmlDeviceGetMemoryInfo", device, &g);
    if (code != NVML_SUCCESS) {
        return code;
    }
    unsigned long long total, used, reserved;
    memory_of(g, device, &total, &used, &reserved);
    memory->total = total;
    memory->used = used + reserved; /* nvmlMemory_t counts reserved memory as used */
    memory->free = total - used - reserved;
    return NVML_SUCCESS;
}

#ifndef FAKE_NVML_NO_MEMORY_V2
EXPORT int nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t device, nvmlMemory_v2_t *memory) {
    struct gpu *g;
    int code = enter("nvmlDeviceGetMemoryInfo_v2", device, &g);
    if (code != NVML_SUCCESS) {
        return code;
    }
    if (memory->version != NVML_MEMORY_V2_VERSION) {
        return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    }
    unsigned long long total, used, reserved;
    memory_of(g, device, &total, &used, &reserved);
    memory->total = total;
    memory->reserved = reserved;
    memory->used = used;
    memory->free = total - used - reserved;
    return NVML_SUCCESS;
}
#endif
