/* psutil 7.2.2's _psutil_linux: the C half of psutil on Linux, built with
 * the limited API as its setup.py builds it: METH_VARARGS functions over
 * pids ("i" from _Py_PARSE_PID), interface names and mount tables, tuples
 * and lists from Py_BuildValue, OSError from errno (PyErr_SetFromErrno,
 * PyErr_SetFromErrnoWithFilename, and OSError(errno, msg, syscall) made
 * by hand), sysinfo(2), sched_getaffinity, ioprio and getpriority.
 *
 * Vectors: psutil's tests (test_misc's check_pid_range(2**128),
 * test_posix's getpagesize against the C library, test_linux's
 * linux_sysinfo unpacking and disk_partitions reading a mount table), and
 * the functions behind psutil.Process's nice/ionice/cpu_affinity for this
 * process and for pids that do not exist. Values that change while the
 * process runs (free memory, uptime) are checked for shape only.
 */
#include "corpus.h"

#include <unistd.h>

static PyObject *mod;

static PyObject *fn(const char *name)
{
    return attr(mod, name);
}

static void record_fn(const char *name, const char *fmt, const char *what, ...)
{
    PyObject *f = fn(name);
    begin_call(NULL);
    va_list va;
    va_start(va, what);
    PyObject *r = vcall(f, NULL, fmt, va);
    va_end(va);
    record(r, what);
    Py_DECREF(f);
}

static PyObject *take_fn(const char *name, const char *fmt, ...)
{
    PyObject *f = fn(name);
    begin_call(NULL);
    va_list va;
    va_start(va, fmt);
    PyObject *r = vcall(f, NULL, fmt, va);
    va_end(va);
    Py_DECREF(f);
    return take(r);
}

static void run(PyObject *module, const char *sdist)
{
    mod = module;
    static const char *consts[] = {"version", "DUPLEX_HALF", "DUPLEX_FULL", "DUPLEX_UNKNOWN"};
    for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++) {
        PyObject *v = attr(module, consts[i]);
        record_value(v, consts[i]);
        Py_DECREF(v);
    }

    /* test_posix: getpagesize() matches the C library's. */
    {
        PyObject *r = take_fn("getpagesize", "()");
        tap(r && PyLong_AsLong(r) == sysconf(_SC_PAGESIZE), "getpagesize() == sysconf(_SC_PAGESIZE)");
        Py_XDECREF(r);
    }
    record_fn("getpagesize", "(i)", "getpagesize(1)", 1);

    /* test_misc: check_pid_range */
    record_fn("check_pid_range", "(i)", "check_pid_range(1)", 1);
    record_fn("check_pid_range", "(i)", "check_pid_range(0)", 0);
    record_fn("check_pid_range", "(i)", "check_pid_range(-1)", -1);
    {
        PyObject *big = PyLong_FromString("340282366920938463463374607431768211456", NULL, 10);
        record_fn("check_pid_range", "(O)", "check_pid_range(2**128)", big);
        Py_DECREF(big);
    }
    record_fn("check_pid_range", "(L)", "check_pid_range(2**31)", 1LL << 31);
    record_fn("check_pid_range", "(d)", "check_pid_range(1.0)", 1.0);
    record_fn("check_pid_range", "(s)", "check_pid_range('1')", "1");
    record_fn("check_pid_range", "()", "check_pid_range()");

    /* test_linux: linux_sysinfo() unpacks to seven ints; the totals are fixed. */
    {
        PyObject *r = take_fn("linux_sysinfo", "()");
        int ok = r && PyTuple_Check(r) && PyTuple_GET_SIZE(r) == 7;
        for (Py_ssize_t i = 0; ok && i < 7; i++)
            ok = PyLong_Check(PyTuple_GET_ITEM(r, i));
        tap(ok, "linux_sysinfo() is seven ints");
        if (ok) {
            PyObject *total = PyTuple_GET_ITEM(r, 0), *unit = PyTuple_GET_ITEM(r, 6);
            PyObject *fixed = PyTuple_Pack(2, total, unit);
            record_value(fixed, "linux_sysinfo(): total RAM and unit");
            Py_DECREF(fixed);
        }
        Py_XDECREF(r);
    }

    /* disk_partitions(mtab): a mount table of our own, and missing ones. */
    {
        char path[] = "/tmp/pybuffer-psutil-mtab-XXXXXX";
        int fd = mkstemp(path);
        if (fd < 0)
            bail("mkstemp failed");
        const char *table = "/dev/sda1 / ext4 rw,relatime 0 0\n"
                            "proc /proc proc rw,nosuid,nodev,noexec 0 0\n"
                            "tmpfs /run tmpfs rw,nosuid,size=1024k,mode=755 0 0\n"
                            "//server/share /mnt/share cifs ro 0 0\n";
        if (write(fd, table, strlen(table)) != (ssize_t)strlen(table))
            bail("write failed");
        close(fd);
        record_fn("disk_partitions", "(s)", "disk_partitions(a four-line table)", path);
        unlink(path);
        record_fn("disk_partitions", "(s)", "disk_partitions(a missing file)", "/nonexistent/pybuffer-mtab");
        record_fn("disk_partitions", "()", "disk_partitions()");
        record_fn("disk_partitions", "(i)", "disk_partitions(1)", 1);
        PyObject *r = take_fn("disk_partitions", "(s)", "/proc/self/mounts");
        int ok = r && PyList_Check(r) && PyList_GET_SIZE(r) > 0;
        for (Py_ssize_t i = 0; ok && i < PyList_GET_SIZE(r); i++) {
            PyObject *t = PyList_GET_ITEM(r, i);
            ok = PyTuple_Check(t) && PyTuple_GET_SIZE(t) == 4 && PyUnicode_Check(PyTuple_GET_ITEM(t, 0));
        }
        tap(ok, "disk_partitions('/proc/self/mounts') lists 4-tuples of str");
        Py_XDECREF(r);
    }
    (void)sdist;

    /* Network interfaces: the loopback one, and one that does not exist. */
    record_fn("net_if_mtu", "(s)", "net_if_mtu('lo')", "lo");
    record_fn("net_if_flags", "(s)", "net_if_flags('lo')", "lo");
    record_fn("net_if_is_running", "(s)", "net_if_is_running('lo')", "lo");
    record_fn("net_if_mtu", "(s)", "net_if_mtu('nonexistent0')", "nonexistent0");
    record_fn("net_if_flags", "(s)", "net_if_flags('nonexistent0')", "nonexistent0");
    record_fn("net_if_is_running", "(s)", "net_if_is_running('nonexistent0')", "nonexistent0");
    record_fn("net_if_duplex_speed", "(s)", "net_if_duplex_speed('nonexistent0')", "nonexistent0");
    record_fn("net_if_mtu", "(i)", "net_if_mtu(1)", 1);
    {
        PyObject *r = take_fn("net_if_addrs", "()");
        int ok = r && PyList_Check(r), lo = 0;
        for (Py_ssize_t i = 0; ok && i < PyList_GET_SIZE(r); i++) {
            PyObject *t = PyList_GET_ITEM(r, i);
            ok = PyTuple_Check(t) && PyTuple_GET_SIZE(t) == 6 && PyUnicode_Check(PyTuple_GET_ITEM(t, 0));
            if (ok && strcmp(PyUnicode_AsUTF8(PyTuple_GET_ITEM(t, 0)), "lo") == 0
                && PyUnicode_Check(PyTuple_GET_ITEM(t, 2))
                && strcmp(PyUnicode_AsUTF8(PyTuple_GET_ITEM(t, 2)), "127.0.0.1") == 0) {
                lo = 1;
                record_value(t, "net_if_addrs(): lo's IPv4 entry");
            }
        }
        tap(ok && lo, "net_if_addrs() lists 6-tuples, lo with 127.0.0.1");
        Py_XDECREF(r);
    }

    /* users(): a list of 6-tuples (utmp is the same for both runs). */
    {
        PyObject *r = take_fn("users", "()");
        int ok = r && PyList_Check(r);
        for (Py_ssize_t i = 0; ok && i < PyList_GET_SIZE(r); i++)
            ok = PyTuple_Check(PyList_GET_ITEM(r, i)) && PyTuple_GET_SIZE(PyList_GET_ITEM(r, i)) == 6;
        tap(ok, "users() is a list of 6-tuples");
        Py_XDECREF(r);
    }

    /* This process: nice, ionice, CPU affinity. */
    long pid = (long)getpid();
    {
        PyObject *prio = take_fn("proc_priority_get", "(l)", pid);
        tap(prio && PyLong_AsLong(prio) == nice(0), "proc_priority_get(os.getpid()) == nice(0)");
        PyObject *r = take_fn("proc_priority_set", "(lO)", pid, prio);
        tap(r == Py_None, "proc_priority_set(os.getpid(), the same value)");
        Py_XDECREF(r);
        Py_XDECREF(prio);
        PyObject *io = take_fn("proc_ioprio_get", "(l)", pid);
        tap(io && PyTuple_Check(io) && PyTuple_GET_SIZE(io) == 2, "proc_ioprio_get(os.getpid()) is a pair");
        record_value(io, "proc_ioprio_get(os.getpid())");
        Py_XDECREF(io);
        PyObject *aff = take_fn("proc_cpu_affinity_get", "(l)", pid);
        long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        tap(aff && PyList_Check(aff) && PyList_GET_SIZE(aff) >= 1 && PyList_GET_SIZE(aff) <= ncpu,
            "proc_cpu_affinity_get(os.getpid()) lists the CPUs");
        if (aff) {
            r = take_fn("proc_cpu_affinity_set", "(lO)", pid, aff);
            tap(r == Py_None, "proc_cpu_affinity_set(os.getpid(), the same CPUs)");
            Py_XDECREF(r);
        }
        PyObject *bad = Py_BuildValue("[i]", -1);
        record_fn("proc_cpu_affinity_set", "(lO)", "proc_cpu_affinity_set(pid, [-1])", pid, bad);
        Py_DECREF(bad);
        bad = Py_BuildValue("[s]", "0");
        record_fn("proc_cpu_affinity_set", "(lO)", "proc_cpu_affinity_set(pid, ['0'])", pid, bad);
        Py_DECREF(bad);
        record_fn("proc_cpu_affinity_set", "(li)", "proc_cpu_affinity_set(pid, 0)", pid, 0);
        bad = PyList_New(0);
        record_fn("proc_cpu_affinity_set", "(lO)", "proc_cpu_affinity_set(pid, [])", pid, bad);
        Py_DECREF(bad);
        Py_XDECREF(aff);
    }
    /* A pid that does not exist (beyond pid_max). */
    record_fn("proc_priority_get", "(i)", "proc_priority_get(2**30)", 1 << 30);
    record_fn("proc_ioprio_get", "(i)", "proc_ioprio_get(2**30)", 1 << 30);
    record_fn("proc_cpu_affinity_get", "(i)", "proc_cpu_affinity_get(2**30)", 1 << 30);
    record_fn("proc_priority_set", "(ii)", "proc_priority_set(2**30, 0)", 1 << 30, 0);
    record_fn("proc_ioprio_set", "(iii)", "proc_ioprio_set(2**30, 0, 0)", 1 << 30, 0, 0);
    record_fn("proc_priority_get", "(s)", "proc_priority_get('1')", "1");
    record_fn("proc_ioprio_set", "(i)", "proc_ioprio_set(1)", 1);
    record_fn("set_debug", "(O)", "set_debug(False)", Py_False);
    record_fn("set_debug", "()", "set_debug()");
}

CORPUS_MAIN("_psutil_linux", run)
