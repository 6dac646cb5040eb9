/*
 * cpython/picklebufobject.h -- PickleBuffer (PEP 574), as CPython 3.11's
 * header declares it: a wrapper around another object's buffer marking it
 * for out-of-band pickling, built in so that C extensions can make and read
 * one without importing pickle.
 *
 * The type is CPython's pickle.PickleBuffer: PickleBuffer(obj) holds
 * obj's buffer (PyBUF_FULL_RO) until released; its own buffers are obj's,
 * requested again with the consumer's flags; raw() is a contiguous
 * memoryview of the bytes ('B', one dimension); release() gives the buffer
 * back. There is no pickle module here, so the type is reached from C.
 */
#ifndef Py_PICKLEBUFOBJECT_H
#define Py_PICKLEBUFOBJECT_H

#ifdef __cplusplus
extern "C" {
#endif

#ifndef Py_LIMITED_API

PyAPI_DATA(PyTypeObject) PyPickleBuffer_Type;

#define PyPickleBuffer_Check(op) Py_IS_TYPE((op), &PyPickleBuffer_Type)

/* A new PickleBuffer over base's buffer (NULL and the error of
   PyObject_GetBuffer(base, ..., PyBUF_FULL_RO) when it has none). */
PyAPI_FUNC(PyObject *) PyPickleBuffer_FromObject(PyObject *base);
/* The wrapped view (borrowed); NULL with TypeError for anything but a
   PickleBuffer, ValueError once it is released. */
PyAPI_FUNC(const Py_buffer *) PyPickleBuffer_GetBuffer(PyObject *obj);
/* Releases the wrapped view: 0, or -1 with TypeError for anything but a
   PickleBuffer. */
PyAPI_FUNC(int) PyPickleBuffer_Release(PyObject *obj);

#endif /* !Py_LIMITED_API */

#ifdef __cplusplus
}
#endif

#endif /* !Py_PICKLEBUFOBJECT_H */
