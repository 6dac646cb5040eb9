/*
 * compile.h -- the start symbols of CPython 3.11's compile.h. Nothing is
 * compiled here (no Py_CompileString): the header exists so extensions
 * that include it by name (Cython's traceback code does) compile
 * unchanged.
 */
#ifndef Py_COMPILE_H
#define Py_COMPILE_H

#define Py_single_input 256
#define Py_file_input 257
#define Py_eval_input 258
#define Py_func_type_input 345
#define Py_fstring_input 800

#endif /* !Py_COMPILE_H */
