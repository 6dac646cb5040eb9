/* Levenshtein_search 1.4.6: fuzzy word search over ternary search trees
 * kept in C globals, behind five METH_VARARGS functions ("i", "is", "isi",
 * "iO"); results are lists of (word, distance, frequency) tuples built with
 * Py_BuildValue, frequencies as floats. When its argument parsing fails,
 * the module returns None with the exception still set, which the call
 * machinery turns into CPython's SystemError (as it must here).
 *
 * Vectors: the README's Faulkner excerpts and its calls, in order.
 */
#include "corpus.h"

static PyObject *populate, *lookup, *add_string, *remove_string, *clear;

static PyObject *words(const char *text)
{
    PyObject *list = PyList_New(0);
    char buf[512];
    snprintf(buf, sizeof buf, "%s", text);
    for (char *w = strtok(buf, " "); w != NULL; w = strtok(NULL, " ")) {
        PyObject *s = PyUnicode_FromString(w);
        PyList_Append(list, s);
        Py_DECREF(s);
    }
    return list;
}

/* A lookup's result, sorted (the order is the tree's), recorded. Called
 * directly: its tuples hold distances, shared small ints that may be the
 * very objects passed in, which call()'s refcount check would report. */
static void record_lookup(int set, const char *q, int maxdist, const char *what)
{
    PyObject *r = PyObject_CallFunction(lookup, "isi", set, q, maxdist);
    if (r != NULL && PyList_Check(r))
        PyList_Sort(r);
    record_value(r, what);
    if (r == NULL)
        PyErr_Clear();
    Py_XDECREF(r);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    populate = attr(module, "populate_wordset");
    lookup = attr(module, "lookup");
    add_string = attr(module, "add_string");
    remove_string = attr(module, "remove_string");
    clear = attr(module, "clear_wordset");
    PyObject *doc = attr(lookup, "__doc__");
    record_value(doc, "lookup.__doc__");
    Py_DECREF(doc);

    PyObject *ex1 = words("We went to the fire Mother said Is he cold Versh Nome Versh said Take his overcoat and "
                          "overshoes off Mother said How many times do I have to tell you not to bring him into "
                          "the house with his overshoes on");
    PyObject *ex2 = words("Yessum Versh said Hold still now He took my overshoes off and unbuttoned my coat Caddy "
                          "said Wait Versh Cant he go out again Mother I want him to go with me Youd better leave "
                          "him here Uncle Maury said Hes been out enough today");
    PyObject *first = keep(call(populate, NULL, "(iO)", -1, ex1), "populate_wordset(-1, excerpt1)");
    record_value(first, "its index");
    PyObject *last = keep(call(populate, NULL, "(iO)", -1, ex2), "populate_wordset(-1, excerpt2)");
    record_value(last, "its index");
    int a = (int)PyLong_AsLong(first), b = (int)PyLong_AsLong(last);

    record_lookup(a, "overcoat", 4, "lookup(first, 'overcoat', 4)");
    record_lookup(b, "overcoat", 4, "lookup(last, 'overcoat', 4)");
    record_lookup(a, "said", 0, "lookup(first, 'said', 0)");
    record_lookup(b, "Versh", 1, "lookup(last, 'Versh', 1)");
    record_lookup(a, "zzzzzz", 1, "lookup(first, 'zzzzzz', 1): nothing near");
    record(call(add_string, NULL, "(is)", a, "coat"), "add_string(first, 'coat')");
    record_lookup(a, "overcoat", 4, "lookup(first, 'overcoat', 4) with 'coat'");
    record(call(remove_string, NULL, "(is)", a, "coat"), "remove_string(first, 'coat')");
    record(call(remove_string, NULL, "(is)", a, "overcoat"), "remove_string(first, 'overcoat')");
    record_lookup(a, "overcoat", 4, "lookup(first, 'overcoat', 4) without them");
    PyObject *more = words("coats boats goats");
    record(call(populate, NULL, "(iO)", a, more), "populate_wordset(first, more words)");
    record_lookup(a, "coat", 1, "lookup(first, 'coat', 1)");
    Py_DECREF(more);
    record(call(clear, NULL, "(i)", b), "clear_wordset(last)");
    record(call(lookup, NULL, "(isi)", b, "Versh", 1), "lookup on a cleared set");
    record(call(lookup, NULL, "(isi)", 99, "Versh", 1), "lookup on a set that was never made");
    PyObject *third = keep(call(populate, NULL, "(iO)", -1, ex2), "populate_wordset(-1, excerpt2) again");
    record_value(third, "it takes the cleared index");
    Py_DECREF(third);

    /* Bad arguments: the module returns None with the parse error set. */
    record(call(lookup, NULL, "(ssi)", "x", "y", 1), "lookup('x', 'y', 1)");
    record(call(add_string, NULL, "(ii)", a, 5), "add_string(first, 5)");
    record(call(populate, NULL, "(s)", "x"), "populate_wordset('x')");
    record(call(clear, NULL, "()"), "clear_wordset()");

    Py_DECREF(first);
    Py_DECREF(last);
    Py_DECREF(ex1);
    Py_DECREF(ex2);
}

CORPUS_MAIN("Levenshtein_search", run)
