/* The driver of the pybind11 feature module (features.cpp; see there and
 * scripts/c-tests.sh): loads the module built against CPython or against
 * pybuffer (argv[1]) and prints one line per case, which c-tests.sh
 * compares between the two builds.
 *
 *     <case number> TAB <what was done> TAB <what happened>
 */
#include "../corpus/corpus.h"

static int case_no;

/* Prints text on the case's one line: pybind11's messages span several
   (its overload lists), so a newline is written as \n. */
static void put_line_text(const char *text)
{
    for (; *text; text++) {
        if (*text == '\n')
            fputs("\\n", stdout);
        else
            putchar(*text);
    }
}

/* One case (as differential/case.h's show): the type and ascii() of `o`
   (a reference the case owns and gives up), or when `o` is NULL the
   pending error as "Type: message", cleared. */
static void show(const char *what, PyObject *o)
{
    printf("%d\t%s\t", ++case_no, what);
    if (o == NULL) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        const char *text = s ? PyUnicode_AsUTF8(s) : NULL;
        printf("%s: ", t ? ((PyTypeObject *)t)->tp_name : "?");
        put_line_text(text ? text : "?");
        putchar('\n');
        Py_XDECREF(s);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
        PyErr_Clear();
        return;
    }
    PyObject *r = PyObject_ASCII(o);
    printf("%s ", Py_TYPE(o)->tp_name);
    put_line_text(r ? PyUnicode_AsUTF8(r) : "<ascii failed>");
    putchar('\n');
    Py_XDECREF(r);
    PyErr_Clear();
    Py_DECREF(o);
}

/* obj.name(*Py_BuildValue(fmt, ...)) */
static PyObject *mcall(PyObject *obj, const char *name, const char *fmt, ...)
{
    PyObject *f = PyObject_GetAttrString(obj, name);
    if (!f)
        return NULL;
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (args && !PyTuple_Check(args)) {
        PyObject *t = PyTuple_Pack(1, args);
        Py_DECREF(args);
        args = t;
    }
    PyObject *r = args ? PyObject_Call(f, args, NULL) : NULL;
    Py_DECREF(f);
    Py_XDECREF(args);
    return r;
}

/* obj.name(*args, **kwargs), consuming both (either may be NULL). */
static PyObject *kcall(PyObject *obj, const char *name, PyObject *args, PyObject *kwargs)
{
    PyObject *f = PyObject_GetAttrString(obj, name);
    if (!args)
        args = PyTuple_New(0);
    PyObject *r = f && args ? PyObject_Call(f, args, kwargs) : NULL;
    Py_XDECREF(f);
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

static PyObject *getattr_(PyObject *o, const char *name)
{
    return o ? PyObject_GetAttrString(o, name) : NULL;
}

/* A Python callable from a C function, for the callbacks. */
static PyObject *square_plus_one(PyObject *self, PyObject *arg)
{
    (void)self;
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(v * v + 1);
}
static PyObject *raise_key(PyObject *self, PyObject *arg)
{
    (void)self;
    PyErr_SetObject(PyExc_KeyError, arg);
    return NULL;
}
static PyObject *raise_type(PyObject *self, PyObject *arg)
{
    (void)self;
    (void)arg;
    PyErr_SetString(PyExc_TypeError, "from a callback");
    return NULL;
}
static PyObject *returns_none(PyObject *self, PyObject *arg)
{
    (void)self;
    (void)arg;
    Py_RETURN_NONE;
}
static PyMethodDef callbacks[] = {
    {"square_plus_one", square_plus_one, METH_O, NULL},
    {"raise_key", raise_key, METH_O, NULL},
    {"raise_type", raise_type, METH_O, NULL},
    {"returns_none", returns_none, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyObject *cb(int i)
{
    return PyCFunction_New(&callbacks[i], NULL);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        bail("usage: features <module.so>");
    Py_Initialize();
    PyObject *m = load_module(argv[1], "features");
    show("module", Py_NewRef(m));
    show("__doc__", getattr_(m, "__doc__"));

    /* Functions. */
    show("add(5)", mcall(m, "add", "(i)", 5));
    show("add(5, 6)", mcall(m, "add", "(ii)", 5, 6));
    show("add(b=1, a=2)", kcall(m, "add", NULL, Py_BuildValue("{sisi}", "b", 1, "a", 2)));
    show("add('x')", mcall(m, "add", "(s)", "x"));
    show("add(1, 2, 3)", mcall(m, "add", "(iii)", 1, 2, 3));
    show("add(c=1)", kcall(m, "add", Py_BuildValue("(i)", 1), Py_BuildValue("{si}", "c", 1)));
    show("add.__doc__", getattr_(getattr_(m, "add"), "__doc__"));
    show("add.__name__", getattr_(getattr_(m, "add"), "__name__"));
    show("type(add)", PyObject_Type(getattr_(m, "add")));
    show("greet", kcall(m, "greet", Py_BuildValue("(s)", "Ann"), Py_BuildValue("{si}", "times", 2)));
    show("greet greeting=", kcall(m, "greet", Py_BuildValue("(s)", "Bo"), Py_BuildValue("{ss}", "greeting", "Hi")));
    show("kwonly(1)", mcall(m, "kwonly", "(i)", 1));
    show("kwonly(1, b=2)", kcall(m, "kwonly", Py_BuildValue("(i)", 1), Py_BuildValue("{si}", "b", 2)));
    show("kwonly(1, 2)", mcall(m, "kwonly", "(ii)", 1, 2));
    show("posonly(5, 3)", mcall(m, "posonly", "(ii)", 5, 3));
    show("posonly(a=5, b=3)", kcall(m, "posonly", NULL, Py_BuildValue("{sisi}", "a", 5, "b", 3)));
    show("over(3)", mcall(m, "over", "(i)", 3));
    show("over(2.5)", mcall(m, "over", "(d)", 2.5));
    show("over('s')", mcall(m, "over", "(s)", "s"));
    show("over(b'abc')", mcall(m, "over", "(y)", "abc"));
    show("over([])", mcall(m, "over", "([])"));
    show("args_kwargs", kcall(m, "args_kwargs", Py_BuildValue("(iii)", 1, 2, 3), Py_BuildValue("{sisi}", "z", 1, "w", 2)));
    show("noconvert(2.0)", mcall(m, "noconvert", "(d)", 2.0));
    show("noconvert(2)", mcall(m, "noconvert", "(i)", 2));
    show("none_ok(None)", mcall(m, "none_ok", "(O)", Py_None));

    /* Exceptions. */
    show("throw_runtime", mcall(m, "throw_runtime", "()"));
    show("throw_value", mcall(m, "throw_value", "()"));
    show("throw_key", mcall(m, "throw_key", "()"));
    show("throw_index", mcall(m, "throw_index", "()"));
    show("throw_overflow", mcall(m, "throw_overflow", "()"));
    show("throw_bad_alloc", mcall(m, "throw_bad_alloc", "()"));
    show("throw_domain", mcall(m, "throw_domain", "()"));
    show("throw_custom", mcall(m, "throw_custom", "()"));
    show("CustomError", getattr_(m, "CustomError"));
    show("CustomError.__mro__", getattr_(getattr_(m, "CustomError"), "__mro__"));
    {
        PyObject *rk = cb(1), *rt = cb(2), *sq = cb(0);
        show("call_and_catch(square)", mcall(m, "call_and_catch", "(O)", sq));
        show("call_and_propagate(raise_type)", mcall(m, "call_and_propagate", "(O)", rt));
        show("call_and_catch(raise_type)", mcall(m, "call_and_catch", "(O)", rt));
        show("call_and_catch(raise_key)", mcall(m, "call_and_catch", "(O)", rk));
        Py_DECREF(rk);
        Py_DECREF(rt);
        Py_DECREF(sq);
    }
    {
        PyObject *r = mcall(m, "raise_from", "()");
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        show("raise_from", r ? r : Py_NewRef(v));
        show("raise_from __cause__", v ? PyException_GetCause(v) : NULL);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
    }

    /* Classes. */
    PyObject *Pet = getattr_(m, "Pet"), *Dog = getattr_(m, "Dog");
    show("Pet", Py_NewRef(Pet));
    show("type(Pet)", PyObject_Type(Pet));
    show("type(type(Pet)).__mro__", getattr_(PyObject_Type(PyObject_Type(Pet)), "__mro__"));
    show("Pet.__mro__", getattr_(Pet, "__mro__"));
    show("Dog.__mro__", getattr_(Dog, "__mro__"));
    show("Pet.__module__", getattr_(Pet, "__module__"));
    show("Pet.__qualname__", getattr_(Pet, "__qualname__"));
    PyObject *pet = kcall(Pet, "__call__", Py_BuildValue("(s)", "Tom"), NULL);
    show("Pet('Tom')", Py_XNewRef(pet));
    show("pet.speak()", mcall(pet, "speak", "()"));
    show("pet.age", getattr_(pet, "age"));
    show("pet.age = 5", PyObject_SetAttrString(pet, "age", PyLong_FromLong(5)) < 0 ? NULL : getattr_(pet, "age"));
    show("pet.age = 'x'", PyObject_SetAttrString(pet, "age", PyUnicode_FromString("x")) < 0 ? NULL : getattr_(pet, "age"));
    show("pet.name", getattr_(pet, "name"));
    show("pet.name = 'Max'", PyObject_SetAttrString(pet, "name", PyUnicode_FromString("Max")) < 0 ? NULL : getattr_(pet, "name"));
    show("pet.name = ''", PyObject_SetAttrString(pet, "name", PyUnicode_FromString("")) < 0 ? NULL : getattr_(pet, "name"));
    show("pet.upper", getattr_(pet, "upper"));
    show("pet.upper = 1", PyObject_SetAttrString(pet, "upper", PyLong_FromLong(1)) < 0 ? NULL : Py_NewRef(Py_None));
    show("pet.extra = 1 (dynamic_attr)", PyObject_SetAttrString(pet, "extra", PyLong_FromLong(1)) < 0 ? NULL : getattr_(pet, "extra"));
    show("pet.__dict__", getattr_(pet, "__dict__"));
    show("repr(pet)", PyObject_Repr(pet));
    show("Pet.created", getattr_(Pet, "created"));
    show("Pet.species()", mcall(Pet, "species", "()"));
    show("pet.species()", mcall(pet, "species", "()"));
    show("Pet()", kcall(Pet, "__call__", NULL, NULL));
    show("Pet.speak(1)", mcall(Pet, "speak", "(i)", 1));
    show("type(Pet.__dict__['name'])", PyObject_Type(PyMapping_GetItemString(getattr_(Pet, "__dict__"), "name")));
    show("type(Pet.__dict__['speak'])", PyObject_Type(PyMapping_GetItemString(getattr_(Pet, "__dict__"), "speak")));
    show("Pet.speak.__name__", getattr_(getattr_(Pet, "speak"), "__name__"));
    show("Pet.name.__doc__ type", PyObject_Type(getattr_(getattr_(Pet, "name"), "__doc__")));
    PyObject *dog = PyObject_CallFunction(Dog, "si", "Rex", 4);
    show("Dog('Rex', 4)", Py_XNewRef(dog));
    show("dog.speak()", mcall(dog, "speak", "()"));
    show("dog.fetch()", mcall(dog, "fetch", "()"));
    show("dog.fetch(n=3)", kcall(dog, "fetch", NULL, Py_BuildValue("{si}", "n", 3)));
    show("dog.name", getattr_(dog, "name"));
    show("isinstance(dog, Pet)", PyBool_FromLong(PyObject_IsInstance(dog, Pet)));
    show("issubclass(Dog, Pet)", PyBool_FromLong(PyObject_IsSubclass(Dog, Pet)));
    show("pet_speak(dog)", mcall(m, "pet_speak", "(O)", dog));
    show("pet_speak(1)", mcall(m, "pet_speak", "(i)", 1));
    show("make_pet(True)", mcall(m, "make_pet", "(O)", Py_True));
    show("make_pet(False)", mcall(m, "make_pet", "(O)", Py_False));
    show("none_ok(dog)", mcall(m, "none_ok", "(O)", dog));
    show("Pet.created after", getattr_(Pet, "created"));
    PyObject *Counter = getattr_(m, "Counter");
    show("Counter.instances", getattr_(Counter, "instances"));
    show("Counter.instances = 9", PyObject_SetAttrString(Counter, "instances", PyLong_FromLong(9)) < 0 ? NULL : getattr_(Counter, "instances"));
    show("Pet.created = 1", PyObject_SetAttrString(Pet, "created", PyLong_FromLong(1)) < 0 ? NULL : getattr_(Pet, "created"));
    show("class attr set", PyObject_SetAttrString(Pet, "kind", PyUnicode_FromString("k")) < 0 ? NULL : getattr_(pet, "kind"));

    /* Operators. */
    PyObject *Vec2 = getattr_(m, "Vec2");
    PyObject *a = PyObject_CallFunction(Vec2, "dd", 1.0, 2.0), *b = PyObject_CallFunction(Vec2, "dd", 0.5, -1.0);
    show("a + b", PyNumber_Add(a, b));
    show("a - b", PyNumber_Subtract(a, b));
    show("a * 3", PyNumber_Multiply(a, PyFloat_FromDouble(3)));
    show("3 * a", PyNumber_Multiply(PyFloat_FromDouble(3), a));
    show("-a", PyNumber_Negative(a));
    show("a == b", PyObject_RichCompare(a, b, Py_EQ));
    show("a != b", PyObject_RichCompare(a, b, Py_NE));
    show("a < b", PyObject_RichCompare(a, b, Py_LT));
    show("a == 1", PyObject_RichCompare(a, PyLong_FromLong(1), Py_EQ));
    show("a + 1", PyNumber_Add(a, PyLong_FromLong(1)));
    PyObject *a2 = PyNumber_InPlaceAdd(a, b);
    show("a += b", Py_XNewRef(a2));
    show("a2 is a", PyBool_FromLong(a2 == a));
    show("a.x", getattr_(a, "x"));
    show("hash(a)", PyLong_FromSsize_t(PyObject_Hash(a)));

    /* Enums. */
    PyObject *Color = getattr_(m, "Color");
    PyObject *red = getattr_(Color, "Red");
    show("Color.Red", Py_XNewRef(red));
    show("str(Color.Red)", PyObject_Str(red));
    show("Color.Red.name", getattr_(red, "name"));
    show("Color.Red.value", getattr_(red, "value"));
    show("int(Color.Blue)", PyNumber_Long(getattr_(Color, "Blue")));
    show("Color.__members__", getattr_(Color, "__members__"));
    show("Color(2)", PyObject_CallFunction(Color, "i", 2));
    show("color_value(Color.Blue)", mcall(m, "color_value", "(N)", getattr_(Color, "Blue")));
    show("color_value(1)", mcall(m, "color_value", "(i)", 1));
    show("next_color(Red)", mcall(m, "next_color", "(O)", red));
    show("Red == Red", PyObject_RichCompare(red, getattr_(Color, "Red"), Py_EQ));
    show("Red == 1", PyObject_RichCompare(red, PyLong_FromLong(1), Py_EQ));
    show("hash(Red)", PyLong_FromSsize_t(PyObject_Hash(red)));
    show("FlagA (exported)", getattr_(m, "FlagA"));
    show("FlagA | FlagB", PyNumber_Or(getattr_(m, "FlagA"), getattr_(m, "FlagB")));
    show("FlagA < FlagB", PyObject_RichCompare(getattr_(m, "FlagA"), getattr_(m, "FlagB"), Py_LT));
    show("Color.__doc__ type", PyObject_Type(getattr_(Color, "__doc__")));
    show("Color.Red.__index__", mcall(red, "__index__", "()"));
    show("Color.__entries", PySequence_List(PyObject_GetIter(getattr_(Color, "__members__"))));

    /* Buffers. */
    PyObject *Matrix = getattr_(m, "Matrix");
    PyObject *mx = PyObject_CallFunction(Matrix, "ii", 2, 3);
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 3; c++)
            Py_XDECREF(mcall(mx, "set", "(iid)", r, c, r * 10.0 + c));
    show("mx.shape", getattr_(mx, "shape"));
    show("mx.get(1, 2)", mcall(mx, "get", "(ii)", 1, 2));
    show("mx.get(2, 0)", mcall(mx, "get", "(ii)", 2, 0));
    PyObject *mv = PyMemoryView_FromObject(mx);
    show("memoryview(mx)", mv ? PyTuple_Pack(5, getattr_(mv, "format"), getattr_(mv, "shape"), getattr_(mv, "strides"), getattr_(mv, "readonly"), mcall(mv, "tolist", "()")) : NULL);
    show("buffer_summary(mx)", mcall(m, "buffer_summary", "(O)", mx));
    if (mv) {
        Py_XDECREF(mcall(mv, "release", "()"));
        Py_DECREF(mv);
    }
    show("buffer_summary(bytes)", mcall(m, "buffer_summary", "(y)", "abc"));
    PyObject *ba = PyByteArray_FromStringAndSize("hello", 5);
    show("buffer_summary(bytearray)", mcall(m, "buffer_summary", "(O)", ba));
    PyObject *bmv = PyMemoryView_FromObject(ba);
    PyObject *sl = PySequence_GetSlice(bmv, 1, 4);
    show("buffer_summary(memoryview[1:4])", mcall(m, "buffer_summary", "(O)", sl));
    PyObject *arr_mod = PyImport_ImportModule("array");
    PyObject *ia = arr_mod ? PyObject_CallMethod(arr_mod, "array", "s[iii]", "i", 7, 8, 9) : NULL;
    show("buffer_summary(array('i'))", mcall(m, "buffer_summary", "(O)", ia));
    show("buffer_summary(int)", mcall(m, "buffer_summary", "(i)", 5));
    show("buffer_fill(bytes)", mcall(m, "buffer_fill", "(yi)", "abc", 65));
    Py_XDECREF(sl);
    Py_XDECREF(mcall(bmv, "release", "()"));
    Py_XDECREF(bmv);
    show("buffer_fill(bytearray)", mcall(m, "buffer_fill", "(Oi)", ba, 66));
    show("bytearray after", Py_NewRef(ba));
    show("buffer_fill(array)", mcall(m, "buffer_fill", "(Oi)", ia, 1));
    show("array after", Py_XNewRef(ia));

    /* Python types. */
    show("py_types", mcall(m, "py_types", "(ys{sisi}[i](ii)N)", "xyz", "abc", "k1", 1, "k2", 2, 5, 1, 2,
                           PySet_New(Py_BuildValue("[ii]", 2, 3))));
    show("py_types(bad)", mcall(m, "py_types", "(iiiiii)", 1, 2, 3, 4, 5, 6));
    show("make_bytes", mcall(m, "make_bytes", "()"));
    show("make_bytearray", mcall(m, "make_bytearray", "()"));
    show("make_set", mcall(m, "make_set", "()"));
    show("to_str([1])", mcall(m, "to_str", "([i])", 1));
    show("isinstance_checks(1)", mcall(m, "isinstance_checks", "(i)", 1));
    show("isinstance_checks(dog)", mcall(m, "isinstance_checks", "(O)", dog));
    show("cast_back(41)", mcall(m, "cast_back", "(i)", 41));
    show("cast_back('x')", mcall(m, "cast_back", "(s)", "x"));
    show("slice_list", mcall(m, "slice_list", "([iiii])", 1, 2, 3, 4));
    show("float_int", mcall(m, "float_int", "(di)", 1.5, 2));

    /* STL. */
    show("vec_double", mcall(m, "vec_double", "([iii])", 1, 2, 3));
    show("vec_double(tuple)", mcall(m, "vec_double", "((ii))", 4, 5));
    show("vec_double('ab')", mcall(m, "vec_double", "(s)", "ab"));
    show("map_invert", mcall(m, "map_invert", "({sisi})", "a", 1, "b", 2));
    show("opt()", kcall(m, "opt", NULL, NULL));
    show("opt(5)", mcall(m, "opt", "(i)", 5));
    show("variant(1)", mcall(m, "variant", "(i)", 1));
    show("variant('s')", mcall(m, "variant", "(s)", "s"));
    show("variant([1.0])", mcall(m, "variant", "([dd])", 1.0, 2.0));
    show("variant(None)", mcall(m, "variant", "(O)", Py_None));
    show("nested", mcall(m, "nested", "()"));
    {
        PyObject *sq = cb(0);
        show("apply(square_plus_one, 4)", mcall(m, "apply", "(Oi)", sq, 4));
        Py_DECREF(sq);
    }
    PyObject *adder = mcall(m, "make_adder", "(i)", 10);
    show("make_adder(10)(5)", adder ? PyObject_CallFunction(adder, "i", 5) : NULL);
    Py_XDECREF(adder);

    /* GIL. */
    show("release_and_sum", mcall(m, "release_and_sum", "(i)", 1000));
    {
        PyObject *sq = cb(0);
        show("threads_call", mcall(m, "threads_call", "(Oi)", sq, 4));
        show("threads_call again", mcall(m, "threads_call", "(Oi)", sq, 2));
        Py_DECREF(sq);
    }
    show("gil_check", mcall(m, "gil_check", "()"));

    /* Capsules. */
    PyObject *cap = mcall(m, "make_capsule", "(i)", 77);
    show("make_capsule", cap ? PyUnicode_FromString(Py_TYPE(cap)->tp_name) : NULL);
    show("read_capsule", mcall(m, "read_capsule", "(O)", cap));
    show("capsule_name", mcall(m, "capsule_name", "(O)", cap));
    show("PyCapsule_IsValid", PyBool_FromLong(PyCapsule_IsValid(cap, "features.int")));
    Py_XDECREF(cap);

    /* Imports. */
    show("import_use", mcall(m, "import_use", "()"));
    show("import_missing", mcall(m, "import_missing", "()"));
    show("sub.triple(3)", mcall(getattr_(m, "sub"), "triple", "(i)", 3));
    show("sub.__name__", getattr_(getattr_(m, "sub"), "__name__"));

    /* Lifetimes. */
    PyObject *Node = getattr_(m, "Node"), *Holder = getattr_(m, "Holder");
    PyObject *holder = PyObject_CallNoArgs(Holder);
    PyObject *node = PyObject_CallFunction(Node, "i", 5);
    Py_ssize_t before = Py_REFCNT(node);
    Py_XDECREF(mcall(holder, "set", "(O)", node));
    show("keep_alive adds a reference", PyBool_FromLong(Py_REFCNT(node) > before));
    PyObject *got = mcall(holder, "get", "()");
    show("holder.get().value", getattr_(got, "value"));
    show("holder.get() is node", PyBool_FromLong(got == node));
    Py_XDECREF(got);
    Py_DECREF(holder);
    show("keep_alive released with holder", PyBool_FromLong(Py_REFCNT(node) == before));
    Py_DECREF(node);
    PyObject *Tracked = getattr_(m, "Tracked");
    PyObject *t1 = PyObject_CallFunction(Tracked, "i", 1);
    show("tracked_alive 1", mcall(m, "tracked_alive", "()"));
    PyObject *wr = PyWeakref_NewRef(t1, NULL);
    show("weakref alive", PyBool_FromLong(wr && PyWeakref_GetObject(wr) == t1));
    Py_DECREF(t1);
    show("tracked_alive 0", mcall(m, "tracked_alive", "()"));
    show("weakref dead", PyBool_FromLong(wr && PyWeakref_GetObject(wr) == Py_None));
    Py_XDECREF(wr);
    PyObject *wp = mcall(m, "weak_probe", "(N)", PyObject_CallFunction(Tracked, "i", 2));
    show("weak_probe log", wp ? Py_NewRef(PyTuple_GetItem(wp, 1)) : NULL);
    show("weak_probe ref dead", wp ? PyBool_FromLong(PyWeakref_GetObject(PyTuple_GetItem(wp, 0)) == Py_None) : NULL);
    Py_XDECREF(wp);
    show("tracked_alive after probe", mcall(m, "tracked_alive", "()"));
    PyObject *g1 = mcall(m, "global_ref", "()"), *g2 = mcall(m, "global_ref", "()");
    show("global_ref twice is same", PyBool_FromLong(g1 && g1 == g2));
    Py_XDECREF(g1);
    Py_XDECREF(g2);
    show("global_copy value", getattr_(mcall(m, "global_copy", "()"), "value"));

    /* Iterators. */
    PyObject *Sequence = getattr_(m, "Sequence");
    PyObject *seq = PyObject_CallFunction(Sequence, "([iii])", 4, 5, 6);
    show("len(seq)", PyLong_FromSsize_t(PyObject_Length(seq)));
    show("list(seq)", PySequence_List(seq));
    show("seq[-1]", PySequence_GetItem(seq, -1));
    show("seq[5]", PyObject_GetItem(seq, PyLong_FromLong(5)));
    show("5 in seq", PyBool_FromLong(PySequence_Contains(seq, PyLong_FromLong(5))));
    PyObject *it = PyObject_GetIter(seq);
    show("type(iter(seq)).__name__", getattr_(PyObject_Type(it), "__name__"));
    show("next(it)", PyIter_Next(it));
    Py_XDECREF(it);
    show("Sequence('x')", PyObject_CallFunction(Sequence, "(s)", "x"));

    /* Pickling (the protocol pickle drives). */
    PyObject *Pickled = getattr_(m, "Pickled");
    PyObject *pk = PyObject_CallFunction(Pickled, "si", "txt", 3);
    PyObject *state = mcall(pk, "__getstate__", "()");
    show("__getstate__", Py_XNewRef(state));
    PyObject *reduced = mcall(pk, "__reduce_ex__", "(i)", 2);
    show("__reduce_ex__(2) len", reduced ? PyLong_FromSsize_t(PyTuple_Size(reduced)) : NULL);
    show("__reduce_ex__(2)[1][0] is Pickled", reduced ? PyBool_FromLong(PyTuple_GetItem(PyTuple_GetItem(reduced, 1), 0) == Pickled) : NULL);
    show("__reduce_ex__(2)[2]", reduced ? Py_NewRef(PyTuple_GetItem(reduced, 2)) : NULL);
    PyObject *fresh = mcall(Pickled, "__new__", "(O)", Pickled);
    show("__setstate__", fresh ? mcall(fresh, "__setstate__", "(O)", state) : NULL);
    show("restored", fresh ? PyTuple_Pack(2, getattr_(fresh, "text"), getattr_(fresh, "number")) : NULL);
    show("__setstate__ bad", mcall(mcall(Pickled, "__new__", "(O)", Pickled), "__setstate__", "((i))", 1));
    Py_XDECREF(reduced);
    Py_XDECREF(state);

    /* Misc object API. */
    show("ANSWER", getattr_(m, "ANSWER"));
    show("NAMES", getattr_(m, "NAMES"));
    show("getattr_default", mcall(m, "getattr_default", "(Os)", m, "nope"));
    show("hash_of('a')", PyBool_FromLong(PyObject_Hash(PyUnicode_FromString("a")) == PyLong_AsSsize_t(mcall(m, "hash_of", "(s)", "a"))));
    show("hash_of([])", mcall(m, "hash_of", "([])"));
    show("repr_of(dog)", mcall(m, "repr_of", "(O)", dog));
    show("type_name(dog)", mcall(m, "type_name", "(O)", dog));
    show("len_hint", mcall(m, "len_hint", "([iii])", 1, 2, 3));
    show("reload_self (not in sys.modules)", mcall(m, "reload_self", "(O)", m));
    PyDict_SetItemString(PyImport_GetModuleDict(), "features", m);
    show("reload_self (no spec to find)", mcall(m, "reload_self", "(O)", m));
    show("reload_self(sub)", mcall(m, "reload_self", "(N)", getattr_(m, "sub")));

    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(a2);
    Py_XDECREF(pet);
    Py_XDECREF(dog);
    return 0;
}
