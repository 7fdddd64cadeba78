
#include <torch/csrc/inductor/cpp_prefix.h>
extern "C"  void  kernel(at::Half* in_out_ptr0,
                       const int64_t* in_ptr0,
                       const at::Half* in_ptr1,
                       const at::Half* in_ptr2,
                       const at::Half* in_ptr3,
                       const at::Half* in_ptr4,
                       const double* in_ptr5,
                       float* out_ptr0,
                       at::Half* out_ptr1)
{
    std::atomic<int> inductor_cpu_integer_div_error{0};
    inductor_cpu_integer_div_error_flag = &inductor_cpu_integer_div_error;
    {
        {
            float tmp_acc0 = 0;
            at::vec::VectorizedN<float,2> tmp_acc0_vec = at::vec::VectorizedN<float,2>(0);
            for(int64_t x0=static_cast<int64_t>(0L); x0<static_cast<int64_t>(64L); x0+=static_cast<int64_t>(32L))
            {
                {
                    if(C10_LIKELY(x0 >= static_cast<int64_t>(0) && x0 < static_cast<int64_t>(64L)))
                    {
                        auto tmp0 = in_ptr0[static_cast<int64_t>(0L)];
                        auto tmp6 = at::vec::Vectorized<at::Half>::loadu(in_out_ptr0 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                        auto tmp9 = at::vec::Vectorized<at::Half>::loadu(in_ptr2 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                        auto tmp12 = at::vec::Vectorized<at::Half>::loadu(in_ptr3 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                        auto tmp1 = tmp0;
                        auto tmp2 = c10::convert<int64_t>(tmp1);
                        TORCH_CHECK((0 <= tmp2) & (tmp2 < 49152L), "index out of bounds: 0 <= tmp2 < 49152L");
                        auto tmp4 = at::vec::Vectorized<at::Half>::loadu(in_ptr1 + static_cast<int64_t>(x0 + 64L*tmp0), static_cast<int64_t>(32));
                        auto tmp5 = at::vec::convert<float,2,at::Half,1>(tmp4);
                        auto tmp7 = at::vec::convert<float,2,at::Half,1>(tmp6);
                        auto tmp8 = tmp5 + tmp7;
                        auto tmp10 = at::vec::convert<float,2,at::Half,1>(tmp9);
                        auto tmp11 = tmp8 + tmp10;
                        auto tmp13 = at::vec::convert<float,2,at::Half,1>(tmp12);
                        auto tmp14 = tmp11 + tmp13;
                        auto tmp15 = at::vec::convert<at::Half,1,float,2>(tmp14);
                        auto tmp16 = tmp14 * tmp14;
                        tmp15.store(in_out_ptr0 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                        tmp_acc0_vec = tmp_acc0_vec + tmp16;
                    }
                }
            }
            tmp_acc0 = tmp_acc0 + at::vec::vec_reduce_all<float, 2>([](at::vec::Vectorized<float>& x, at::vec::Vectorized<float>& y) { return x + y; }, tmp_acc0_vec);
            out_ptr0[static_cast<int64_t>(0L)] = static_cast<float>(tmp_acc0);
        }
    }
    {
        for(int64_t x0=static_cast<int64_t>(0L); x0<static_cast<int64_t>(64L); x0+=static_cast<int64_t>(32L))
        {
            {
                if(C10_LIKELY(x0 >= static_cast<int64_t>(0) && x0 < static_cast<int64_t>(64L)))
                {
                    auto tmp0 = at::vec::Vectorized<at::Half>::loadu(in_ptr4 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                    auto tmp2 = at::vec::Vectorized<at::Half>::loadu(in_out_ptr0 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                    auto tmp4 = out_ptr0[static_cast<int64_t>(0L)];
                    auto tmp7 = in_ptr5[static_cast<int64_t>(0L)];
                    auto tmp1 = at::vec::convert<float,2,at::Half,1>(tmp0);
                    auto tmp3 = at::vec::convert<float,2,at::Half,1>(tmp2);
                    auto tmp5 = static_cast<float>(64.0);
                    auto tmp6 = tmp4 / tmp5;
                    auto tmp8 = c10::convert<float>(tmp7);
                    auto tmp9 = float(tmp6 + tmp8);
                    auto tmp10 = 1 / std::sqrt(tmp9);
                    auto tmp11 = at::vec::VectorizedN<float,2>(tmp10);
                    auto tmp12 = tmp3 * tmp11;
                    auto tmp13 = (tmp12);
                    auto tmp14 = tmp1 * tmp13;
                    auto tmp15 = at::vec::convert<at::Half,1,float,2>(tmp14);
                    tmp15.store(out_ptr1 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                }
            }
        }
    }
    inductor_cpu_integer_div_error_flag = nullptr;
    inductor_cpu_throw_if_integer_div_error(inductor_cpu_integer_div_error);
}

// Python bindings to call kernel():
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <sstream>
#include <cstdlib>
#include <cerrno>

// This is defined in guards.cpp so we don't need to import PyTorch headers that are slooow.
// We manually link it below to workaround issues with fbcode build.
static void* (*_torchinductor_pyobject_tensor_data_ptr)(PyObject* obj);

template <typename T> static inline T parse_arg(PyObject* args, size_t n) {
    static_assert(std::is_pointer_v<T>, "arg type must be pointer or long");
    return static_cast<T>(_torchinductor_pyobject_tensor_data_ptr(PyTuple_GET_ITEM(args, n)));
}
template <> inline int64_t parse_arg<int64_t>(PyObject* args, size_t n) {
    auto result = PyLong_AsSsize_t(PyTuple_GET_ITEM(args, n));
    if(result == -1 && PyErr_Occurred()) [[unlikely]]
        throw std::runtime_error("expected int arg");
    return result;
}
template <> inline uintptr_t parse_arg<uintptr_t>(PyObject* args, size_t n) {
    auto result = PyLong_AsVoidPtr(PyTuple_GET_ITEM(args, n));
    if(result == reinterpret_cast<void*>(-1) && PyErr_Occurred()) [[unlikely]]
        throw std::runtime_error("expected int arg");
    return reinterpret_cast<uintptr_t>(result);
}
template <> inline float parse_arg<float>(PyObject* args, size_t n) {
    auto result = PyFloat_AsDouble(PyTuple_GET_ITEM(args, n));
    if(result == -1.0 && PyErr_Occurred()) [[unlikely]]
        throw std::runtime_error("expected float arg");
    return static_cast<float>(result);
}



static PyObject* kernel_py(PyObject* self, PyObject* args) {
    try {
        if(!PyTuple_CheckExact(args)) [[unlikely]]
            throw std::runtime_error("tuple args required");
        if(PyTuple_GET_SIZE(args) != 9) [[unlikely]]
            throw std::runtime_error("requires 9 args");
        kernel(parse_arg<at::Half*>(args, 0), parse_arg<int64_t*>(args, 1), parse_arg<at::Half*>(args, 2), parse_arg<at::Half*>(args, 3), parse_arg<at::Half*>(args, 4), parse_arg<at::Half*>(args, 5), parse_arg<double*>(args, 6), parse_arg<float*>(args, 7), parse_arg<at::Half*>(args, 8)); Py_RETURN_NONE;
    } catch(std::exception const& e) {
        PyErr_SetString(PyExc_RuntimeError, e.what());
        return nullptr;
    } catch(...) {
        PyErr_SetString(PyExc_RuntimeError, "unhandled error");
        return nullptr;
    }
}

static PyMethodDef py_methods[] = {
    {"kernel", kernel_py, METH_VARARGS, ""},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef py_module =
    {PyModuleDef_HEAD_INIT, "kernel", NULL, -1, py_methods};

PyMODINIT_FUNC PyInit_kernel(void) {
    const char* str_addr = std::getenv("_TORCHINDUCTOR_PYOBJECT_TENSOR_DATA_PTR");
    if(!str_addr) {
        PyErr_SetString(PyExc_RuntimeError, "_TORCHINDUCTOR_PYOBJECT_TENSOR_DATA_PTR must be set");
        return nullptr;
    }

    char* endptr = nullptr;
    errno = 0;
    uintptr_t addr = std::strtoull(str_addr, &endptr, 10);
    if(errno != 0 || endptr == str_addr || addr == 0) {
        PyErr_SetString(PyExc_RuntimeError, "Failed to parse _TORCHINDUCTOR_PYOBJECT_TENSOR_DATA_PTR");
        return nullptr;
    }
    _torchinductor_pyobject_tensor_data_ptr =
        reinterpret_cast<decltype(_torchinductor_pyobject_tensor_data_ptr)>(addr);
    PyObject* module = PyModule_Create(&py_module);
    if (module == NULL) {
        return NULL;
    }
    #ifdef Py_GIL_DISABLED
        PyUnstable_Module_SetGIL(module, Py_MOD_GIL_NOT_USED);
    #endif
    return module;
}
