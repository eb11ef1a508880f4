/* native_capi: a C extension module on the limited API, built once as an
   abi3 module that loads on Python 3.11 and every later release. */
#define Py_LIMITED_API 0x030B0000 /* the limited API of Python 3.11 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static double mean_of(const double *values, Py_ssize_t count)
{
    double total = 0.0;
    for (Py_ssize_t i = 0; i < count; i++) {
        total += values[i];
    }
    return total / (double)count;
}

/* mean(values, /) -> float: the mean of an iterable of numbers. */
static PyObject *native_mean(PyObject *Py_UNUSED(module), PyObject *values)
{
    PyObject *iterator = PyObject_GetIter(values);
    if (iterator == NULL) {
        return NULL; /* TypeError already set: not iterable */
    }
    Py_ssize_t count = 0, capacity = 16;
    double *buffer = PyMem_Malloc(capacity * sizeof(double));
    PyObject *item;
    if (buffer == NULL) {
        Py_DECREF(iterator);
        return PyErr_NoMemory();
    }
    while ((item = PyIter_Next(iterator)) != NULL) {
        /* Accepts float, int and anything with __float__ or __index__. */
        double value = PyFloat_AsDouble(item);
        Py_DECREF(item);
        if (value == -1.0 && PyErr_Occurred()) {
            goto error;
        }
        if (count == capacity) {
            double *bigger = PyMem_Realloc(buffer, 2 * capacity * sizeof(double));
            if (bigger == NULL) {
                PyErr_NoMemory();
                goto error;
            }
            buffer = bigger;
            capacity *= 2;
        }
        buffer[count++] = value;
    }
    if (PyErr_Occurred()) {
        goto error; /* the iterator itself raised */
    }
    Py_DECREF(iterator);
    if (count == 0) {
        PyMem_Free(buffer);
        PyErr_SetString(PyExc_ValueError, "mean() of an empty iterable");
        return NULL;
    }
    double result;
    /* The loop touches no Python object, so other threads may run meanwhile. */
    Py_BEGIN_ALLOW_THREADS
    result = mean_of(buffer, count);
    Py_END_ALLOW_THREADS
    PyMem_Free(buffer);
    return PyFloat_FromDouble(result);

error:
    Py_DECREF(iterator);
    PyMem_Free(buffer);
    return NULL;
}

static PyMethodDef native_methods[] = {
    {"mean", native_mean, METH_O,
     "mean(values, /)\n--\n\nThe mean of an iterable of numbers."},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot native_slots[] = {
    {0, NULL},
};

static struct PyModuleDef native_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "native_capi",
    .m_doc = "The mean of numbers, computed in C.",
    .m_size = 0,
    .m_methods = native_methods,
    .m_slots = native_slots,
};

PyMODINIT_FUNC PyInit_native_capi(void)
{
    return PyModuleDef_Init(&native_module);
}
