/* Differential cases for the enum module (Lib/enum.py): enum classes made
 * through the C API the way C extensions and Cython 3 make them (the
 * functional API called with PyObject_Call, the Cython `cpdef enum`
 * sequence, class statements through EnumType.__prepare__ and the
 * metaclass call), their members (lookups, repr/str/format, hash,
 * comparison, pickling support), flags and their operators under each
 * boundary, iteration and containment, and the errors with their types
 * and messages.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *enum_mod;

static PyObject *attr(PyObject *o, const char *name) {
    return o ? PyObject_GetAttrString(o, name) : NULL;
}

static PyObject *E(const char *name) {
    return PyObject_GetAttrString(enum_mod, name);
}

/* cls(*args, **kwargs) from Py_BuildValue formats (kwargs may be NULL). */
static PyObject *call(PyObject *cls, PyObject *args, PyObject *kwargs) {
    if (cls == NULL || args == NULL) {
        Py_XDECREF(args);
        Py_XDECREF(kwargs);
        return NULL;
    }
    PyObject *r = PyObject_Call(cls, args, kwargs);
    Py_DECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

/* enum.<base>(name, names, module='m') */
static PyObject *make(const char *base, const char *name, PyObject *names) {
    PyObject *b = E(base);
    if (names == NULL) {
        Py_XDECREF(b);
        return NULL;
    }
    PyObject *r = call(b, Py_BuildValue("(sO)", name, names), Py_BuildValue("{ss}", "module", "m"));
    Py_XDECREF(b);
    Py_DECREF(names);
    return r;
}

/* Shows the type and repr of o, o's str(), and drops it. */
static void show_str(const char *what, PyObject *o) {
    show(what, o ? PyObject_Str(o) : NULL);
    Py_XDECREF(o);
}

static void show_repr(const char *what, PyObject *o) {
    show(what, o ? PyObject_Repr(o) : NULL);
    Py_XDECREF(o);
}

static void show_bool(const char *what, int r) {
    if (r < 0) {
        show(what, NULL);
        return;
    }
    show(what, PyBool_FromLong(r));
}

static void show_list(const char *what, PyObject *o) {
    show(what, o ? PySequence_List(o) : NULL);
    Py_XDECREF(o);
}

static PyObject *Color, *Perm, *IPerm, *Shape;

static void functional(void) {
    Color = make("Enum", "Color", PyUnicode_FromString("RED GREEN BLUE"));
    show("Enum('Color', 'RED GREEN BLUE')", Py_XNewRef(Color));
    show_list("list(Color)", Py_XNewRef(Color));
    show("len(Color)", PyLong_FromSsize_t(PyObject_Length(Color)));
    show("Color.RED", attr(Color, "RED"));
    show_str("str(Color.RED)", attr(Color, "RED"));
    show("Color.RED.name", attr(attr(Color, "RED"), "name"));
    show("Color.RED.value", attr(attr(Color, "RED"), "value"));
    show("Color.RED._name_", attr(attr(Color, "RED"), "_name_"));
    show("Color.RED._value_", attr(attr(Color, "RED"), "_value_"));
    show("Color(2)", call(Color, Py_BuildValue("(i)", 2), NULL));
    show("Color(5)", call(Color, Py_BuildValue("(i)", 5), NULL));
    show("Color('x')", call(Color, Py_BuildValue("(s)", "x"), NULL));
    show("Color([])", call(Color, Py_BuildValue("([])"), NULL));
    show("Color(Color.RED)", call(Color, Py_BuildValue("(N)", attr(Color, "RED")), NULL));
    show("Color['GREEN']", PyObject_GetItem(Color, PyUnicode_FromString("GREEN")));
    PyObject *k = PyUnicode_FromString("PINK");
    show("Color['PINK']", PyObject_GetItem(Color, k));
    Py_DECREF(k);
    show("Color.PINK", attr(Color, "PINK"));
    show("Color.__dunder__", attr(Color, "__dunder__"));
    show("Color.__members__", attr(Color, "__members__"));
    show("Color._member_names_", attr(Color, "_member_names_"));
    show("Color._member_map_", attr(Color, "_member_map_"));
    show("Color._value2member_map_", attr(Color, "_value2member_map_"));
    show("Color._member_type_", attr(Color, "_member_type_"));
    show("Color.__name__", attr(Color, "__name__"));
    show("Color.__qualname__", attr(Color, "__qualname__"));
    show("Color.__module__", attr(Color, "__module__"));
    show("type(Color)", Py_NewRef((PyObject *)Py_TYPE(Color)));
    show_repr("repr(Color)", Py_XNewRef(Color));
    show("bool(Color)", PyBool_FromLong(PyObject_IsTrue(Color)));
    show("Color.RED.__class__", attr(attr(Color, "RED"), "__class__"));
    show("Color.RED.__objclass__", attr(attr(Color, "RED"), "__objclass__"));
    show("Color.RED._sort_order_", attr(attr(Color, "BLUE"), "_sort_order_"));
    show("Color.RED.__reduce_ex__(4)", PyObject_CallMethod(attr(Color, "RED"), "__reduce_ex__", "i", 4));
    show("Color.RED.__copy__()", PyObject_CallMethod(attr(Color, "RED"), "__copy__", NULL));
    show("format(Color.RED, '')", PyObject_Format(attr(Color, "RED"), PyUnicode_FromString("")));
    show("format(Color.RED, '>12')", PyObject_Format(attr(Color, "RED"), PyUnicode_FromString(">12")));
    show("hash(RED) == hash('RED')",
         PyBool_FromLong(PyObject_Hash(attr(Color, "RED")) == PyObject_Hash(PyUnicode_FromString("RED"))));
    PyObject *red = attr(Color, "RED"), *green = attr(Color, "GREEN");
    show("RED == RED", PyObject_RichCompare(red, red, Py_EQ));
    show("RED == GREEN", PyObject_RichCompare(red, green, Py_EQ));
    show("RED != 1", PyObject_RichCompare(red, PyLong_FromLong(1), Py_NE));
    show("RED < GREEN", PyObject_RichCompare(red, green, Py_LT));
    show_bool("RED in Color", PySequence_Contains(Color, red));
    PyObject *one = PyLong_FromLong(1);
    show_bool("1 in Color", PySequence_Contains(Color, one));
    Py_DECREF(one);
    show("Color.RED = 3", PyObject_SetAttrString(Color, "RED", Py_None) < 0 ? NULL : Py_NewRef(Py_None));
    show("del Color.RED", PyObject_DelAttrString(Color, "RED") < 0 ? NULL : Py_NewRef(Py_None));
    show("Color.other = 3", PyObject_SetAttrString(Color, "other", Py_None) < 0 ? NULL : attr(Color, "other"));
    show("Color.__doc__ = 'd'",
         PyObject_SetAttrString(Color, "__doc__", PyUnicode_FromString("d")) < 0 ? NULL : attr(Color, "__doc__"));
    show("Color()", call(Color, PyTuple_New(0), NULL));
    show("Color(1, 2, 3, 4)", call(Color, Py_BuildValue("(iiii)", 1, 2, 3, 4), NULL));
    show("Color(1, x=2)", call(Color, Py_BuildValue("(i)", 1), Py_BuildValue("{si}", "x", 2)));
    show("reversed(Color)", PySequence_List(PyObject_CallMethod(Color, "__reversed__", NULL)));
    show("isinstance(RED, Enum)", PyBool_FromLong(PyObject_IsInstance(red, E("Enum"))));
    Py_DECREF(red);
    Py_DECREF(green);

    /* Other shapes of names. */
    show_list("Enum('A', 'X,Y, Z')", make("Enum", "A", PyUnicode_FromString("X,Y, Z")));
    show_list("Enum('A', ['X', 'Y'])", make("Enum", "A", Py_BuildValue("[ss]", "X", "Y")));
    show_list("Enum('A', ('X', 'Y'))", make("Enum", "A", Py_BuildValue("(ss)", "X", "Y")));
    show_list("Enum('A', [('X', 5), ('Y', 'y')])", make("Enum", "A", Py_BuildValue("[(si)(ss)]", "X", 5, "Y", "y")));
    show_list("Enum('A', {'X': 3, 'Y': 1})", make("Enum", "A", Py_BuildValue("{sisi}", "X", 3, "Y", 1)));
    show_list("Enum('A', [])", make("Enum", "A", Py_BuildValue("[]")));
    show_list("Enum('A', '')", make("Enum", "A", PyUnicode_FromString("")));
    show_list("Enum('A', 5)", make("Enum", "A", PyLong_FromLong(5)));
    show_list("Enum('A', [5])", make("Enum", "A", Py_BuildValue("[i]", 5)));
    show_list("Enum('A', [('X',)])", make("Enum", "A", Py_BuildValue("[(s)]", "X")));
    show_list("Enum('A', [('X', 1, 2)])", make("Enum", "A", Py_BuildValue("[(sii)]", "X", 1, 2)));
    show_list("Enum('A', 'X X')", make("Enum", "A", PyUnicode_FromString("X X")));
    show_list("Enum('A', 'mro')", make("Enum", "A", PyUnicode_FromString("mro")));
    show_list("Enum('A', '_x_')", make("Enum", "A", PyUnicode_FromString("_x_ Y")));
    show_list("Enum('A', '__x__ Y')", make("Enum", "A", PyUnicode_FromString("__x__ Y")));
    show_list("Enum('A', [('X', 1), ('Y', 1)]) aliases",
              make("Enum", "A", Py_BuildValue("[(si)(si)(si)]", "X", 1, "Y", 1, "Z", 2)));
    PyObject *al = make("Enum", "Al", Py_BuildValue("[(si)(si)(si)]", "X", 1, "Y", 1, "Z", 2));
    show("Al.__members__", attr(al, "__members__"));
    show("Al.Y", attr(al, "Y"));
    show("Al(1)", call(al, Py_BuildValue("(i)", 1), NULL));
    show("len(Al)", PyLong_FromSsize_t(PyObject_Length(al)));
    show("unique(Al)", PyObject_CallMethod(enum_mod, "unique", "O", al));
    show("unique(Color)", PyObject_CallMethod(enum_mod, "unique", "O", Color));
    Py_XDECREF(al);
    PyObject *unh = make("Enum", "U", Py_BuildValue("[(s[i])(s[i])]", "X", 1, "Y", 2));
    show("U([2])", call(unh, Py_BuildValue("([i])", 2), NULL));
    show("U._unhashable_values_", attr(unh, "_unhashable_values_"));
    show("U._value2member_map_", attr(unh, "_value2member_map_"));
    Py_XDECREF(unh);

    /* Keywords of the functional API. */
    PyObject *en = E("Enum");
    show_list("Enum('S', 'A B', start=10)",
              call(en, Py_BuildValue("(ss)", "S", "A B"), Py_BuildValue("{sssi}", "module", "m", "start", 10)));
    PyObject *q = call(en, Py_BuildValue("(ss)", "Q", "A B"), Py_BuildValue("{ssss}", "module", "mod", "qualname", "Outer.Q"));
    show("qualname=", attr(q, "__qualname__"));
    show("module=", attr(q, "__module__"));
    show("Q(3) error uses qualname", call(q, Py_BuildValue("(i)", 3), NULL));
    Py_XDECREF(q);
    PyObject *nomod = call(en, Py_BuildValue("(ss)", "N", "A B"), NULL);
    show("no module: __module__", attr(nomod, "__module__"));
    show("no module: reduce", PyObject_CallMethod(attr(nomod, "A"), "__reduce_ex__", "i", 4));
    Py_XDECREF(nomod);
    PyObject *typed = call(en, Py_BuildValue("(ss)", "T", "A B"),
                           Py_BuildValue("{sssO}", "module", "m", "type", (PyObject *)&PyLong_Type));
    show("type=int: T.A", attr(typed, "A"));
    show_str("type=int: str(T.A)", attr(typed, "A"));
    show("type=int: T.A + 1", PyNumber_Add(attr(typed, "A"), PyLong_FromLong(1)));
    show("type=int: format(T.B)", PyObject_Format(attr(typed, "B"), PyUnicode_FromString("")));
    show("type=int: T._member_type_", attr(typed, "_member_type_"));
    Py_XDECREF(typed);
    show("Enum('X', 'A', bad=1)", call(en, Py_BuildValue("(ss)", "X", "A"), Py_BuildValue("{si}", "bad", 1)));
    show("Enum(1)", call(en, Py_BuildValue("(i)", 1), NULL));
    show("Enum('X', 'A', 3, 4)", call(en, Py_BuildValue("(ssii)", "X", "A", 3, 4), NULL));
    show("extend Color", call(Color, Py_BuildValue("(ss)", "X", "A"), NULL));
    Py_DECREF(en);
}

static void intenum(void) {
    /* Cython 3's scoped `cpdef enum class`. */
    PyObject *ie = E("IntEnum");
    Shape = call(ie, Py_BuildValue("(s[(si)(si)(si)])", "Shape", "CIRCLE", 1, "SQUARE", 4, "SQ", 4),
                 Py_BuildValue("{ss}", "module", "mod"));
    show("IntEnum Shape", Py_XNewRef(Shape));
    show_list("list(Shape)", Py_XNewRef(Shape));
    show("Shape(4)", call(Shape, Py_BuildValue("(i)", 4), NULL));
    show("Shape(4.0)", call(Shape, Py_BuildValue("(d)", 4.0), NULL));
    show("Shape(True)", call(Shape, Py_BuildValue("(O)", Py_True), NULL));
    show("Shape(9)", call(Shape, Py_BuildValue("(i)", 9), NULL));
    PyObject *c = attr(Shape, "CIRCLE");
    show_str("str(Shape.CIRCLE)", Py_XNewRef(c));
    show("format(CIRCLE, '03d')", PyObject_Format(c, PyUnicode_FromString("03d")));
    show("format(CIRCLE, '')", PyObject_Format(c, PyUnicode_FromString("")));
    show("CIRCLE == 1", PyObject_RichCompare(c, PyLong_FromLong(1), Py_EQ));
    show("CIRCLE < 2", PyObject_RichCompare(c, PyLong_FromLong(2), Py_LT));
    show("CIRCLE + 1", PyNumber_Add(c, PyLong_FromLong(1)));
    show("CIRCLE | 2", PyNumber_Or(c, PyLong_FromLong(2)));
    show("hash(CIRCLE)", PyLong_FromSsize_t(PyObject_Hash(c)));
    show("PyLong_AsLong(CIRCLE)", PyLong_FromLong(PyLong_AsLong(c)));
    show("PyLong_Check(CIRCLE)", PyBool_FromLong(PyLong_Check(c)));
    show("CIRCLE.value type", Py_NewRef((PyObject *)Py_TYPE(attr(c, "value"))));
    show("CIRCLE.__reduce_ex__(2)", PyObject_CallMethod(c, "__reduce_ex__", "i", 2));
    show("int(CIRCLE)", PyNumber_Long(c));
    show_bool("1 in Shape (int)", PySequence_Contains(Shape, PyLong_FromLong(1)));
    show_bool("CIRCLE in Shape", PySequence_Contains(Shape, c));
    show_bool("Color.RED in Shape", PySequence_Contains(Shape, attr(Color, "RED")));
    show("Shape.__members__", attr(Shape, "__members__"));
    show("IntEnum('Bad', [('A', 'x')])", call(ie, Py_BuildValue("(s[(ss)])", "Bad", "A", "x"), NULL));
    show_list("IntEnum('A', 'X Y')", call(ie, Py_BuildValue("(ss)", "A", "X Y"), NULL));
    show("repr(IntEnum)", PyObject_Repr(ie));
    show("IntEnum.__mro__", attr(ie, "__mro__"));
    show("IntEnum(1)", call(ie, Py_BuildValue("(i)", 1), NULL));
    Py_XDECREF(c);
    Py_DECREF(ie);

    PyObject *se = E("StrEnum");
    PyObject *s = call(se, Py_BuildValue("(ss)", "S", "AB CD"), Py_BuildValue("{ss}", "module", "m"));
    show_list("StrEnum('S', 'AB CD')", Py_XNewRef(s));
    show_str("str(S.AB)", attr(s, "AB"));
    show("format(S.AB, '>4')", PyObject_Format(attr(s, "AB"), PyUnicode_FromString(">4")));
    show("S.AB == 'ab'", PyObject_RichCompare(attr(s, "AB"), PyUnicode_FromString("ab"), Py_EQ));
    show("S('cd')", call(s, Py_BuildValue("(s)", "cd"), NULL));
    Py_XDECREF(s);
    show("StrEnum('S', [('A', 1)])", call(se, Py_BuildValue("(s[(si)])", "S", "A", 1), NULL));
    Py_DECREF(se);
}

/* xxtea 6.x: Enum('Padding', {name: str}, type=str, module='xxtea'). */
static void mixins(void) {
    PyObject *en = E("Enum");
    PyObject *pad = call(en, Py_BuildValue("(s{ssss})", "Padding", "PKCS7_8", "pkcs7_8", "NONE", "none"),
                         Py_BuildValue("{sOss}", "type", (PyObject *)&PyUnicode_Type, "module", "xxtea"));
    show("Padding", Py_XNewRef(pad));
    show_list("list(Padding)", Py_XNewRef(pad));
    PyObject *p8 = attr(pad, "PKCS7_8");
    show("Padding.PKCS7_8.value", attr(p8, "value"));
    show_str("str(Padding.PKCS7_8)", Py_XNewRef(p8));
    show("format(Padding.PKCS7_8, '')", PyObject_Format(p8, PyUnicode_FromString("")));
    show("PKCS7_8 == 'pkcs7_8'", PyObject_RichCompare(p8, PyUnicode_FromString("pkcs7_8"), Py_EQ));
    show("PyUnicode_Check(PKCS7_8)", PyBool_FromLong(PyUnicode_Check(p8)));
    show("Padding('none')", call(pad, Py_BuildValue("(s)", "none"), NULL));
    show("Padding._member_type_", attr(pad, "_member_type_"));
    show("Padding.__mro__", attr(pad, "__mro__"));
    show("PKCS7_8.__reduce_ex__(4)", PyObject_CallMethod(p8, "__reduce_ex__", "i", 4));
    show("hash(PKCS7_8) == hash('pkcs7_8')",
         PyBool_FromLong(PyObject_Hash(p8) == PyObject_Hash(PyUnicode_FromString("pkcs7_8"))));
    Py_XDECREF(p8);
    Py_XDECREF(pad);
    /* Members named like the member properties. */
    PyObject *nv = make("Enum", "NV", PyUnicode_FromString("name value other"));
    show("NV.name", attr(nv, "name"));
    show("NV.value", attr(nv, "value"));
    show("NV.value.value", attr(attr(nv, "value"), "value"));
    show("NV.name.name", attr(attr(nv, "name"), "name"));
    show("NV.other.name", attr(attr(nv, "other"), "name"));
    Py_XDECREF(nv);
    /* Tuple values. */
    PyObject *tv = make("Enum", "TV", Py_BuildValue("[(s(ii))(s(ii))]", "A", 1, 2, "B", 3, 4));
    show("TV.A", attr(tv, "A"));
    show("TV((3, 4))", call(tv, Py_BuildValue("((ii))", 3, 4), NULL));
    Py_XDECREF(tv);
    PyObject *fl = call(en, Py_BuildValue("(s[(sd)(sd)])", "FL", "A", 1.5, "B", 2.5),
                        Py_BuildValue("{sOss}", "type", (PyObject *)&PyFloat_Type, "module", "m"));
    show("FL.A (float mixin)", attr(fl, "A"));
    show_str("str(FL.A)", attr(fl, "A"));
    show("FL.A * 2", PyNumber_Multiply(attr(fl, "A"), PyLong_FromLong(2)));
    show("FL(2.5)", call(fl, Py_BuildValue("(d)", 2.5), NULL));
    Py_XDECREF(fl);
    Py_DECREF(en);
}

static void flags(void) {
    /* Cython 3's `cpdef enum` (IntFlag). */
    PyObject *intflag = E("IntFlag");
    IPerm = call(intflag, Py_BuildValue("(s[(si)(si)(si)])", "IPerm", "R", 4, "W", 2, "X", 1),
                 Py_BuildValue("{ss}", "module", "mod"));
    show("IntFlag IPerm", Py_XNewRef(IPerm));
    PyObject *members = attr(IPerm, "__members__");
    show("_member_names_ = list(__members__)",
         PyObject_SetAttrString(IPerm, "_member_names_", PySequence_List(members)) < 0 ? NULL : attr(IPerm, "_member_names_"));
    Py_XDECREF(members);
    show("IPerm.__doc__ = ...",
         PyObject_SetAttrString(IPerm, "__doc__", PyUnicode_FromString("doc")) < 0 ? NULL : attr(IPerm, "__doc__"));
    show_list("list(IPerm)", Py_XNewRef(IPerm));
    PyObject *r = attr(IPerm, "R"), *w = attr(IPerm, "W"), *x = attr(IPerm, "X");
    show("IPerm(6)", call(IPerm, Py_BuildValue("(i)", 6), NULL));
    show_str("str(IPerm(6))", call(IPerm, Py_BuildValue("(i)", 6), NULL));
    show("IPerm(0)", call(IPerm, Py_BuildValue("(i)", 0), NULL));
    show("IPerm(8)", call(IPerm, Py_BuildValue("(i)", 8), NULL));
    show("IPerm(15)", call(IPerm, Py_BuildValue("(i)", 15), NULL));
    show("IPerm(-1)", call(IPerm, Py_BuildValue("(i)", -1), NULL));
    show("IPerm(-8)", call(IPerm, Py_BuildValue("(i)", -8), NULL));
    show("IPerm('x')", call(IPerm, Py_BuildValue("(s)", "x"), NULL));
    show("R | W", PyNumber_Or(r, w));
    show("R | 8", PyNumber_Or(r, PyLong_FromLong(8)));
    show("8 | R", PyNumber_Or(PyLong_FromLong(8), r));
    show("R & 4", PyNumber_And(r, PyLong_FromLong(4)));
    show("R & W", PyNumber_And(r, w));
    show("R ^ 5", PyNumber_Xor(r, PyLong_FromLong(5)));
    show("~R", PyNumber_Invert(r));
    show("~IPerm(0)", PyNumber_Invert(call(IPerm, Py_BuildValue("(i)", 0), NULL)));
    show("R + 1", PyNumber_Add(r, PyLong_FromLong(1)));
    show("R | 1.5", PyNumber_Or(r, PyFloat_FromDouble(1.5)));
    PyObject *rw = PyNumber_Or(r, w);
    show_list("list(R|W)", Py_XNewRef(rw));
    show("len(R|W)", PyLong_FromSsize_t(PyObject_Length(rw)));
    show_bool("R in R|W", PySequence_Contains(rw, r));
    show_bool("X in R|W", PySequence_Contains(rw, x));
    show_bool("1 in R|W", PySequence_Contains(rw, PyLong_FromLong(1)));
    show("bool(IPerm(0))", PyBool_FromLong(PyObject_IsTrue(call(IPerm, Py_BuildValue("(i)", 0), NULL))));
    show("(R|W).name", attr(rw, "name"));
    show("(R|W) is IPerm(6)", PyBool_FromLong(rw == call(IPerm, Py_BuildValue("(i)", 6), NULL)));
    show("format(R|W, '')", PyObject_Format(rw, PyUnicode_FromString("")));
    show("IPerm._flag_mask_", attr(IPerm, "_flag_mask_"));
    show("IPerm._all_bits_", attr(IPerm, "_all_bits_"));
    show("IPerm._singles_mask_", attr(IPerm, "_singles_mask_"));
    show("IPerm._boundary_", attr(IPerm, "_boundary_"));
    show_repr("repr(IPerm)", Py_XNewRef(IPerm));
    Py_XDECREF(rw);
    Py_XDECREF(r);
    Py_XDECREF(w);
    Py_XDECREF(x);

    /* Flag (STRICT). */
    PyObject *flag = E("Flag");
    Perm = call(flag, Py_BuildValue("(ss)", "Perm", "R W X"), Py_BuildValue("{ss}", "module", "m"));
    show_list("Flag('Perm', 'R W X')", Py_XNewRef(Perm));
    r = attr(Perm, "R");
    w = attr(Perm, "W");
    x = attr(Perm, "X");
    show("R | W", PyNumber_Or(r, w));
    show_str("str(R|W)", PyNumber_Or(r, w));
    show("R | 1", PyNumber_Or(r, PyLong_FromLong(1)));
    show("R & W", PyNumber_And(r, w));
    show_str("str(R & W)", PyNumber_And(r, w));
    show("~R", PyNumber_Invert(r));
    show("~(R|W|X)", PyNumber_Invert(PyNumber_Or(PyNumber_Or(r, w), x)));
    show("Perm(8)", call(Perm, Py_BuildValue("(i)", 8), NULL));
    show("Perm(-1)", call(Perm, Py_BuildValue("(i)", -1), NULL));
    show("Perm(7)", call(Perm, Py_BuildValue("(i)", 7), NULL));
    show("Perm(1.0)", call(Perm, Py_BuildValue("(d)", 1.0), NULL));
    show("Perm('a')", call(Perm, Py_BuildValue("(s)", "a"), NULL));
    show("hash(R) == hash('R')", PyBool_FromLong(PyObject_Hash(r) == PyObject_Hash(PyUnicode_FromString("R"))));
    show("bool(Perm(0))", PyBool_FromLong(PyObject_IsTrue(call(Perm, Py_BuildValue("(i)", 0), NULL))));
    show_bool("R in R", PySequence_Contains(r, r));
    show_bool("1 in R", PySequence_Contains(r, PyLong_FromLong(1)));
    show("Perm._boundary_", attr(Perm, "_boundary_"));
    show("repr(Perm)", PyObject_Repr(Perm));
    show("format(R, '>8')", PyObject_Format(r, PyUnicode_FromString(">8")));
    Py_XDECREF(r);
    Py_XDECREF(w);
    Py_XDECREF(x);

    /* Boundaries. */
    const char *bnames[] = {"STRICT", "CONFORM", "EJECT", "KEEP"};
    for (int i = 0; i < 4; i++) {
        PyObject *b = E(bnames[i]);
        PyObject *f = call(flag, Py_BuildValue("(s[(si)(si)(si)])", "B", "A", 1, "B", 2, "D", 8),
                           Py_BuildValue("{sssO}", "module", "m", "boundary", b));
        char what[64];
        snprintf(what, sizeof what, "%s B(4)", bnames[i]);
        show(what, call(f, Py_BuildValue("(i)", 4), NULL));
        snprintf(what, sizeof what, "%s B(11)", bnames[i]);
        show(what, call(f, Py_BuildValue("(i)", 11), NULL));
        snprintf(what, sizeof what, "%s B(32)", bnames[i]);
        show(what, call(f, Py_BuildValue("(i)", 32), NULL));
        snprintf(what, sizeof what, "%s B(-2)", bnames[i]);
        show(what, call(f, Py_BuildValue("(i)", -2), NULL));
        snprintf(what, sizeof what, "%s ~B.A", bnames[i]);
        show(what, PyNumber_Invert(attr(f, "A")));
        Py_XDECREF(f);
        Py_XDECREF(b);
    }
    show("FlagBoundary", E("FlagBoundary"));
    show_list("list(FlagBoundary)", E("FlagBoundary"));
    show_str("str(STRICT)", E("STRICT"));

    /* Aliases and multi-bit members. */
    PyObject *m = call(flag, Py_BuildValue("(s[(si)(si)(si)(si)])", "M", "A", 1, "B", 2, "AB", 3, "C", 4),
                       Py_BuildValue("{ss}", "module", "m"));
    show_list("list(M)", Py_XNewRef(m));
    show("M.__members__", attr(m, "__members__"));
    show("M(3)", call(m, Py_BuildValue("(i)", 3), NULL));
    show("M(7)", call(m, Py_BuildValue("(i)", 7), NULL));
    show("len(M)", PyLong_FromSsize_t(PyObject_Length(m)));
    show_list("list(M(7))", call(m, Py_BuildValue("(i)", 7), NULL));
    Py_XDECREF(m);
    PyObject *unsorted = call(flag, Py_BuildValue("(s[(si)(si)(si)])", "U", "C", 4, "A", 1, "B", 2),
                              Py_BuildValue("{ss}", "module", "m"));
    show_list("list(U)", Py_XNewRef(unsorted));
    show("U(7)", call(unsorted, Py_BuildValue("(i)", 7), NULL));
    show_list("list(U(7))", call(unsorted, Py_BuildValue("(i)", 7), NULL));
    Py_XDECREF(unsorted);
    show_list("Flag('F', 'A B C D') values", PyObject_CallMethod(attr(call(flag, Py_BuildValue("(ss)", "F", "A B C D"), Py_BuildValue("{ss}", "module", "m")), "_value2member_map_"), "keys", NULL));
    show("Flag('F', [('A', 'x')])", call(flag, Py_BuildValue("(s[(ss)])", "F", "A", "x"), Py_BuildValue("{ss}", "module", "m")));
    show("repr(Flag)", PyObject_Repr(flag));
    show("IntFlag.__mro__", attr(intflag, "__mro__"));
    Py_DECREF(flag);
    Py_DECREF(intflag);
}

/* A class statement the way Cython compiles one: the metaclass's
   __prepare__(name, bases), items set with PyObject_SetItem, then
   metaclass(name, bases, ns). */
static PyObject *class_stmt(const char *base, const char *name, PyObject *items, PyObject *kw) {
    PyObject *b = strcmp(base, "Color") == 0 ? Py_NewRef(Color) : E(base);
    PyObject *bases = PyTuple_Pack(1, b);
    PyObject *meta = (PyObject *)Py_TYPE(b);
    PyObject *prep = PyObject_GetAttrString(meta, "__prepare__");
    PyObject *ns = prep ? PyObject_CallFunction(prep, "sO", name, bases) : NULL;
    Py_XDECREF(prep);
    PyObject *res = NULL;
    if (ns != NULL) {
        PyObject *mod = PyUnicode_FromString("cymod");
        PyObject_SetItem(ns, PyUnicode_FromString("__module__"), mod);
        Py_DECREF(mod);
        Py_ssize_t n = PyList_Size(items);
        int ok = 1;
        for (Py_ssize_t i = 0; i < n && ok; i++) {
            PyObject *pair = PyList_GetItem(items, i);
            if (PyObject_SetItem(ns, PyTuple_GetItem(pair, 0), PyTuple_GetItem(pair, 1)) < 0) {
                ok = 0;
            }
        }
        if (ok) {
            PyObject *args = Py_BuildValue("(sOO)", name, bases, ns);
            res = PyObject_Call(meta, args, kw);
            Py_DECREF(args);
        }
        Py_DECREF(ns);
    }
    Py_XDECREF(kw);
    Py_DECREF(items);
    Py_DECREF(bases);
    Py_DECREF(b);
    return res;
}

/* Cython 3.3's __Pyx_FlexibleEnumBase(IntEnum): a class body with a
   `_missing_` classmethod making pseudo-members with int.__new__(cls, v). */
static PyObject *flexible_missing(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *cls, *value;
    if (!PyArg_ParseTuple(args, "OO", &cls, &value)) {
        return NULL;
    }
    PyObject *int_new = PyObject_GetAttrString((PyObject *)&PyLong_Type, "__new__");
    PyObject *pseudo = int_new ? PyObject_CallFunctionObjArgs(int_new, cls, value, NULL) : NULL;
    Py_XDECREF(int_new);
    if (pseudo == NULL) {
        return NULL;
    }
    if (PyObject_SetAttrString(pseudo, "_value_", value) < 0 || PyObject_SetAttrString(pseudo, "_name_", Py_None) < 0) {
        Py_DECREF(pseudo);
        return NULL;
    }
    return pseudo;
}

static PyObject *missing_none(PyObject *self, PyObject *args) {
    (void)self;
    (void)args;
    Py_RETURN_NONE;
}

static PyObject *missing_bad(PyObject *self, PyObject *args) {
    (void)self;
    (void)args;
    return PyLong_FromLong(42);
}

static PyObject *missing_raise(PyObject *self, PyObject *args) {
    (void)self;
    (void)args;
    PyErr_SetString(PyExc_KeyError, "from _missing_");
    return NULL;
}

static PyMethodDef missing_defs[] = {
    {"_missing_", flexible_missing, METH_VARARGS, NULL},
    {"_missing_", missing_none, METH_VARARGS, NULL},
    {"_missing_", missing_bad, METH_VARARGS, NULL},
    {"_missing_", missing_raise, METH_VARARGS, NULL},
};

static void hooks(void) {
    const char *what[] = {"int.__new__ pseudo-member", "returns None", "returns 42", "raises KeyError"};
    for (int i = 0; i < 4; i++) {
        PyObject *f = PyCFunction_New(&missing_defs[i], NULL);
        PyObject *cm = f ? PyClassMethod_New(f) : NULL;
        Py_XDECREF(f);
        PyObject *flex = class_stmt("IntEnum", "Flexible", Py_BuildValue("[(sN)]", "_missing_", cm), NULL);
        PyObject *c = flex ? call(flex, Py_BuildValue("(s[(si)(si)])", "C", "RED", 1, "BLUE", 4),
                                  Py_BuildValue("{ss}", "module", "cy")) : NULL;
        char label[96];
        snprintf(label, sizeof label, "_missing_ %s: C(3)", what[i]);
        show(label, call(c, Py_BuildValue("(i)", 3), NULL));
        snprintf(label, sizeof label, "_missing_ %s: C(4)", what[i]);
        show(label, call(c, Py_BuildValue("(i)", 4), NULL));
        if (i == 0) {
            PyObject *p = call(c, Py_BuildValue("(i)", 3), NULL);
            show("pseudo is C(3)", PyBool_FromLong(p != NULL && p == call(c, Py_BuildValue("(i)", 3), NULL)));
            show("pseudo._name_", attr(p, "_name_"));
            show("pseudo + 1", PyNumber_Add(p, PyLong_FromLong(1)));
            show_list("list(C) after", Py_XNewRef(c));
            Py_XDECREF(p);
            show("int.__new__(C, 3) direct",
                 PyObject_CallFunctionObjArgs(PyObject_GetAttrString((PyObject *)&PyLong_Type, "__new__"), c,
                                              PyLong_FromLong(3), NULL));
            show("object.__new__(C)",
                 PyObject_CallFunctionObjArgs(PyObject_GetAttrString((PyObject *)&PyBaseObject_Type, "__new__"), c,
                                              NULL));
        }
        Py_XDECREF(c);
        Py_XDECREF(flex);
    }
}

static void classes(void) {
    PyObject *c = class_stmt("Enum", "Animal", Py_BuildValue("[(si)(si)(si)]", "CAT", 1, "DOG", 2, "PUPPY", 2), NULL);
    show_list("class Animal(Enum)", Py_XNewRef(c));
    show("Animal.PUPPY", attr(c, "PUPPY"));
    show("Animal.__module__", attr(c, "__module__"));
    show("type(Animal)", c ? Py_NewRef((PyObject *)Py_TYPE(c)) : NULL);
    show("Animal.CAT.__reduce_ex__(4)", PyObject_CallMethod(attr(c, "CAT"), "__reduce_ex__", "i", 4));
    Py_XDECREF(c);
    show("duplicate name", class_stmt("Enum", "D", Py_BuildValue("[(si)(si)]", "A", 1, "A", 2), NULL));
    show("_sunder_ name", class_stmt("Enum", "D", Py_BuildValue("[(si)]", "_bad_", 1), NULL));
    c = class_stmt("Enum", "P", Py_BuildValue("[(si)(si)(si)]", "_P__priv", 1, "__dund__", 2, "A", 3), NULL);
    show_list("private and dunder names", Py_XNewRef(c));
    show("P._P__priv", attr(c, "_P__priv"));
    Py_XDECREF(c);
    PyObject *auto_t = E("auto");
    c = class_stmt("Enum", "Au", Py_BuildValue("[(sN)(sN)(si)(sN)]", "A", PyObject_CallNoArgs(auto_t), "B",
                                                PyObject_CallNoArgs(auto_t), "C", 10, "D", PyObject_CallNoArgs(auto_t)), NULL);
    show_list("auto() values", Py_XNewRef(c));
    Py_XDECREF(c);
    c = class_stmt("Flag", "FA", Py_BuildValue("[(sN)(sN)(sN)]", "A", PyObject_CallNoArgs(auto_t), "B",
                                                PyObject_CallNoArgs(auto_t), "C", PyObject_CallNoArgs(auto_t)), NULL);
    show_list("Flag auto() values", Py_XNewRef(c));
    Py_XDECREF(c);
    c = class_stmt("StrEnum", "SA", Py_BuildValue("[(sN)(sN)]", "Aa", PyObject_CallNoArgs(auto_t), "Bb",
                                                   PyObject_CallNoArgs(auto_t)), NULL);
    show_list("StrEnum auto() values", Py_XNewRef(c));
    Py_XDECREF(c);
    show("repr(auto())", PyObject_Repr(PyObject_CallNoArgs(auto_t)));
    show("repr(auto(5))", PyObject_Repr(PyObject_CallFunction(auto_t, "i", 5)));
    show("auto(5).value", attr(PyObject_CallFunction(auto_t, "i", 5), "value"));
    Py_DECREF(auto_t);
    c = class_stmt("IntFlag", "CF", Py_BuildValue("[(si)(si)]", "A", 1, "B", 2),
                   Py_BuildValue("{sN}", "boundary", E("STRICT")));
    show("class CF(IntFlag, boundary=STRICT)", c ? attr(c, "_boundary_") : NULL);
    show("CF(4)", call(c, Py_BuildValue("(i)", 4), NULL));
    Py_XDECREF(c);
    show("extend Color by class", class_stmt("Color", "X", Py_BuildValue("[]"), NULL));
    PyObject *bases = PyTuple_Pack(1, Color);
    PyObject *meta = (PyObject *)Py_TYPE(Color);
    show("__prepare__ extending Color", PyObject_CallMethod(meta, "__prepare__", "sO", "X", bases));
    Py_DECREF(bases);
    bases = PyTuple_Pack(1, &PyLong_Type);
    show("__prepare__ (int,)", PyObject_CallMethod(meta, "__prepare__", "sO", "X", bases));
    Py_DECREF(bases);
    PyObject *en = E("Enum");
    bases = PyTuple_Pack(1, en);
    show("EnumType(name, bases, {})", PyObject_CallFunction(meta, "sO{}", "X", bases));
    Py_DECREF(bases);
    Py_DECREF(en);
    PyObject *re = E("ReprEnum");
    bases = PyTuple_Pack(1, re);
    PyObject *ns = PyObject_CallMethod(meta, "__prepare__", "sO", "X", bases);
    show("ReprEnum without data type", ns ? PyObject_CallFunction(meta, "sOO", "X", bases, ns) : NULL);
    Py_XDECREF(ns);
    Py_DECREF(bases);
    Py_DECREF(re);
}

int main(void) {
    Py_Initialize();
    PyGILState_STATE g = PyGILState_Ensure();
    enum_mod = PyImport_ImportModule("enum");
    show("import enum", enum_mod ? Py_NewRef(Py_None) : NULL);
    if (enum_mod == NULL) {
        return 1;
    }
    const char *names[] = {"EnumType", "EnumMeta", "Enum", "ReprEnum", "IntEnum", "StrEnum", "Flag",
                           "IntFlag", "FlagBoundary", "STRICT", "CONFORM", "EJECT", "KEEP", "auto"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "enum.%s", names[i]);
        show(what, E(names[i]));
    }
    functional();
    intenum();
    mixins();
    flags();
    classes();
    hooks();
    Py_XDECREF(Color);
    Py_XDECREF(Perm);
    Py_XDECREF(IPerm);
    Py_XDECREF(Shape);
    fflush(stdout);
    PyGILState_Release(g);
    return 0;
}
