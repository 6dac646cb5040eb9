/* netifaces 0.11.0: interfaces() (getifaddrs, a list of str built without
 * duplicates through PySequence_Contains), ifaddresses(name) ("s"; a dict
 * of family -> list of {addr, netmask, broadcast / peer} dicts, addresses
 * formatted with getnameinfo), gateways() (a netlink route dump into a
 * dict with a 'default' entry) and the module's AF_* integer constants and
 * address_families dict, all added at init.
 *
 * Vectors: the sdist's test.py, which walks every interface, its address
 * families and addresses, and the gateways; the machine's own answers, so
 * they are recorded (both sides run on the same machine) rather than
 * fixed; plus an unknown interface name and bad arguments.
 */
#include "corpus.h"

static PyObject *mod;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    PyErr_Clear();
    tap(1, what);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    mod = module;
    PyObject *interfaces = attr(mod, "interfaces"), *ifaddresses = attr(mod, "ifaddresses");
    PyObject *gateways = attr(mod, "gateways"), *families = attr(mod, "address_families");
    PyObject *names = keep(call(interfaces, NULL, "()"), "interfaces()");
    rec(PyObject_Repr(names), "the interfaces");
    expect_true(PyList_Check(names) && PyList_GET_SIZE(names) > 0, "at least one interface (lo)");
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(names); i++) {
        PyObject *name = PyList_GET_ITEM(names, i);
        char what[128];
        snprintf(what, sizeof what, "ifaddresses('%s')", PyUnicode_AsUTF8(name));
        PyObject *addrs = call(ifaddresses, NULL, "(O)", name);
        print_record(addrs, what);
        /* as test.py: each family by name, each address's fields */
        if (addrs != NULL) {
            PyObject *fam, *list;
            Py_ssize_t pos = 0;
            while (PyDict_Next(addrs, &pos, &fam, &list)) {
                PyObject *fname = PyObject_GetItem(families, fam);
                char w2[160];
                snprintf(w2, sizeof w2, "... address family %s: %zd addresses", fname ? PyUnicode_AsUTF8(fname) : "?",
                         PyList_Check(list) ? PyList_GET_SIZE(list) : (Py_ssize_t)-1);
                PyObject *note = PyUnicode_FromString(w2);
                print_record(note, "... family");
                Py_XDECREF(note);
                Py_XDECREF(fname);
                PyErr_Clear();
            }
        }
        int ok = settle(0);
        tap(ok, what);
    }
    Py_DECREF(names);
    record(call(gateways, NULL, "()"), "gateways()");
    record(call(ifaddresses, NULL, "(s)", "no-such-if0"), "ifaddresses('no-such-if0')");
    record(call(ifaddresses, NULL, "(i)", 1), "ifaddresses(1)");
    record(call(ifaddresses, NULL, "()"), "ifaddresses()");
    record(call(interfaces, NULL, "(i)", 1), "interfaces(1)");
    PyObject *keys = PyDict_Keys(families);
    PyList_Sort(keys);
    rec(PyObject_Repr(keys), "sorted(address_families)");
    Py_DECREF(keys);
    static const char *const consts[] = {"AF_UNSPEC", "AF_INET", "AF_INET6", "AF_PACKET", "AF_LINK", "AF_UNIX", "AF_NETLINK"};
    for (int i = 0; i < 7; i++) {
        char what[64];
        snprintf(what, sizeof what, "netifaces.%s", consts[i]);
        rec(PyObject_GetAttrString(mod, consts[i]), what);
    }
    rec(PyObject_GetAttrString(mod, "version"), "netifaces.version");
    Py_DECREF(interfaces);
    Py_DECREF(ifaddresses);
    Py_DECREF(gateways);
    Py_DECREF(families);
}

CORPUS_MAIN("netifaces", run)
