/*
 * structseq.h -- struct sequences: tuple subtypes whose items are also
 * named read-only attributes (os.stat_result, time.struct_time), made from
 * a PyStructSequence_Desc.
 */
#ifndef Py_STRUCTSEQ_H
#define Py_STRUCTSEQ_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct PyStructSequence_Field {
    const char *name;
    const char *doc;
} PyStructSequence_Field;

/* `fields` ends with a NULL name; the first n_in_sequence fields are the
   items (len()), the rest attributes only. */
typedef struct PyStructSequence_Desc {
    const char *name;
    const char *doc;
    PyStructSequence_Field *fields;
    int n_in_sequence;
} PyStructSequence_Desc;

/* A field named by this very pointer has an index but no attribute. */
PyAPI_DATA(const char * const) PyStructSequence_UnnamedField;

/* Makes a zeroed static type (reference count 0) a struct sequence type
   and readies it: 0, or -1 with the error. */
PyAPI_FUNC(void) PyStructSequence_InitType(PyTypeObject *type, PyStructSequence_Desc *desc);
PyAPI_FUNC(int) PyStructSequence_InitType2(PyTypeObject *type, PyStructSequence_Desc *desc);
/* A new heap struct sequence type, or NULL with the error. */
PyAPI_FUNC(PyTypeObject *) PyStructSequence_NewType(PyStructSequence_Desc *desc);
/* A new instance with every field NULL, for the caller to fill. */
PyAPI_FUNC(PyObject *) PyStructSequence_New(PyTypeObject *type);

typedef PyTupleObject PyStructSequence;
/* Stores (stealing, releasing nothing) / reads (borrowed) field i. */
#define PyStructSequence_SET_ITEM(op, i, v) PyTuple_SET_ITEM(op, i, v)
#define PyStructSequence_GET_ITEM(op, i) PyTuple_GET_ITEM(op, i)

PyAPI_FUNC(void) PyStructSequence_SetItem(PyObject *op, Py_ssize_t i, PyObject *v);
PyAPI_FUNC(PyObject *) PyStructSequence_GetItem(PyObject *op, Py_ssize_t i);

#ifdef __cplusplus
}
#endif
#endif /* !Py_STRUCTSEQ_H */
