/* Differential cases for the legacy global configuration variables
 * (Py_VerboseFlag & co, Py_UTF8Mode and the file-system encoding ones):
 * their values before Py_Initialize, the flags set before it that the
 * configuration takes and Py_Initialize writes back, each flag after
 * Py_Initialize against the configuration it is derived from (by
 * CPython's rules; their raw values are printed where the library's
 * configuration agrees with CPython's: pybuffer has no site import, user
 * site directory, bytecode or path configuration, so Py_NoSiteFlag,
 * Py_NoUserSiteDirectory, Py_DontWriteBytecodeFlag and Py_FrozenFlag are
 * checked against it), and the encoding after Py_Finalize.
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

/* Before Py_Initialize no object can be made: lines are printed as text. */
static int case_no;

static void line(const char *what, const char *value)
{
    printf("%d\t%s\t%s\n", ++case_no, what, value);
}

static void flag(const char *what, int v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "int %d", v);
    line(what, buf);
}

static void truth(const char *what, int v)
{
    line(what, v ? "bool True" : "bool False");
}

static void text(const char *what, const char *s)
{
    char buf[200];
    snprintf(buf, sizeof buf, "str %s", s ? s : "NULL");
    line(what, buf);
}

int main(void)
{
    flag("Py_DebugFlag before", Py_DebugFlag);
    flag("Py_VerboseFlag before", Py_VerboseFlag);
    flag("Py_QuietFlag before", Py_QuietFlag);
    flag("Py_InteractiveFlag before", Py_InteractiveFlag);
    flag("Py_InspectFlag before", Py_InspectFlag);
    flag("Py_OptimizeFlag before", Py_OptimizeFlag);
    flag("Py_NoSiteFlag before", Py_NoSiteFlag);
    flag("Py_BytesWarningFlag before", Py_BytesWarningFlag);
    flag("Py_FrozenFlag before", Py_FrozenFlag);
    flag("Py_IgnoreEnvironmentFlag before", Py_IgnoreEnvironmentFlag);
    flag("Py_DontWriteBytecodeFlag before", Py_DontWriteBytecodeFlag);
    flag("Py_NoUserSiteDirectory before", Py_NoUserSiteDirectory);
    flag("Py_UnbufferedStdioFlag before", Py_UnbufferedStdioFlag);
    flag("Py_HashRandomizationFlag before", Py_HashRandomizationFlag);
    flag("Py_IsolatedFlag before", Py_IsolatedFlag);
    flag("Py_UTF8Mode before", Py_UTF8Mode);
    flag("Py_HasFileSystemDefaultEncoding before", Py_HasFileSystemDefaultEncoding);
    text("Py_FileSystemDefaultEncoding before", Py_FileSystemDefaultEncoding);
    text("Py_FileSystemDefaultEncodeErrors before", Py_FileSystemDefaultEncodeErrors);

    /* Inputs: flags set before Py_Initialize. */
    Py_QuietFlag = 1;
    Py_BytesWarningFlag = 1;
    Py_InteractiveFlag = 1;
    Py_Initialize();
    const PyConfig *c = _PyInterpreterState_GetConfig(PyInterpreterState_Get());

    flag("Py_QuietFlag after (set to 1 before)", Py_QuietFlag);
    flag("config->quiet", c->quiet);
    flag("Py_BytesWarningFlag after (set to 1 before)", Py_BytesWarningFlag);
    flag("config->bytes_warning", c->bytes_warning);
    flag("Py_InteractiveFlag after (set to 1 before)", Py_InteractiveFlag);
    flag("config->interactive", c->interactive);

    flag("Py_DebugFlag", Py_DebugFlag);
    flag("Py_VerboseFlag", Py_VerboseFlag);
    flag("Py_InspectFlag", Py_InspectFlag);
    flag("Py_OptimizeFlag", Py_OptimizeFlag);
    flag("Py_IgnoreEnvironmentFlag", Py_IgnoreEnvironmentFlag);
    flag("Py_UnbufferedStdioFlag", Py_UnbufferedStdioFlag);
    flag("Py_HashRandomizationFlag", Py_HashRandomizationFlag);
    flag("Py_IsolatedFlag", Py_IsolatedFlag);
    flag("Py_UTF8Mode", Py_UTF8Mode);
    flag("Py_HasFileSystemDefaultEncoding", Py_HasFileSystemDefaultEncoding);
    text("Py_FileSystemDefaultEncoding", Py_FileSystemDefaultEncoding);
    text("Py_FileSystemDefaultEncodeErrors", Py_FileSystemDefaultEncodeErrors);

    truth("Py_DebugFlag == config->parser_debug", Py_DebugFlag == c->parser_debug);
    truth("Py_VerboseFlag == config->verbose", Py_VerboseFlag == c->verbose);
    truth("Py_InspectFlag == config->inspect", Py_InspectFlag == c->inspect);
    truth("Py_OptimizeFlag == config->optimization_level", Py_OptimizeFlag == c->optimization_level);
    truth("Py_NoSiteFlag == !config->site_import", Py_NoSiteFlag == !c->site_import);
    truth("Py_FrozenFlag == !config->pathconfig_warnings", Py_FrozenFlag == !c->pathconfig_warnings);
    truth("Py_IgnoreEnvironmentFlag == !config->use_environment",
          Py_IgnoreEnvironmentFlag == !c->use_environment);
    truth("Py_DontWriteBytecodeFlag == !config->write_bytecode",
          Py_DontWriteBytecodeFlag == !c->write_bytecode);
    truth("Py_NoUserSiteDirectory == !config->user_site_directory",
          Py_NoUserSiteDirectory == !c->user_site_directory);
    truth("Py_UnbufferedStdioFlag == !config->buffered_stdio",
          Py_UnbufferedStdioFlag == !c->buffered_stdio);
    truth("Py_HashRandomizationFlag == (!use_hash_seed || hash_seed)",
          Py_HashRandomizationFlag == (c->use_hash_seed == 0 || c->hash_seed != 0));
    truth("Py_IsolatedFlag == config->isolated", Py_IsolatedFlag == c->isolated);
    {
        PyObject *enc = PyUnicode_FromWideChar(c->filesystem_encoding, -1);
        truth("Py_FileSystemDefaultEncoding is config->filesystem_encoding",
              enc && PyUnicode_CompareWithASCIIString(enc, Py_FileSystemDefaultEncoding) == 0);
        Py_XDECREF(enc);
        PyObject *err = PyUnicode_FromWideChar(c->filesystem_errors, -1);
        truth("Py_FileSystemDefaultEncodeErrors is config->filesystem_errors",
              err && PyUnicode_CompareWithASCIIString(err, Py_FileSystemDefaultEncodeErrors) == 0);
        Py_XDECREF(err);
        PyObject *fs = PyUnicode_FromString(Py_FileSystemDefaultEncoding);
        PyObject *s = fs ? PyUnicode_EncodeFSDefault(fs) : NULL;
        truth("PyUnicode_EncodeFSDefault works", s != NULL);
        Py_XDECREF(s);
        Py_XDECREF(fs);
    }

    Py_Finalize();
    text("Py_FileSystemDefaultEncoding after Py_Finalize", Py_FileSystemDefaultEncoding);
    text("Py_FileSystemDefaultEncodeErrors after Py_Finalize", Py_FileSystemDefaultEncodeErrors);
    flag("Py_QuietFlag after Py_Finalize", Py_QuietFlag);
    flag("Py_HashRandomizationFlag after Py_Finalize", Py_HashRandomizationFlag);
    return 0;
}
