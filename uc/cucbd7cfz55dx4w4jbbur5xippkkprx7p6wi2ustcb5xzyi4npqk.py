# AOT ID: ['1_inference']
from ctypes import c_void_p, c_long, c_int
import torch
import math
import random
import os
import tempfile
from math import inf, nan
from cmath import nanj
from torch._inductor.hooks import run_intermediate_hooks
from torch._inductor.utils import maybe_profile
from torch._inductor.codegen.memory_planning import _align as align
from torch import device, empty_strided
from torch._inductor.async_compile import AsyncCompile
from torch._inductor.select_algorithm import extern_kernels

aten = torch.ops.aten
inductor_ops = torch.ops.inductor
_quantized = torch.ops._quantized
assert_size_stride = torch._C._dynamo.guards.assert_size_stride
assert_alignment = torch._C._dynamo.guards.assert_alignment
empty_strided_cpu = torch._C._dynamo.guards._empty_strided_cpu
empty_strided_cpu_pinned = torch._C._dynamo.guards._empty_strided_cpu_pinned
empty_strided_cuda = torch._C._dynamo.guards._empty_strided_cuda
empty_strided_xpu = torch._C._dynamo.guards._empty_strided_xpu
empty_strided_mtia = torch._C._dynamo.guards._empty_strided_mtia
reinterpret_tensor = torch._C._dynamo.guards._reinterpret_tensor
alloc_from_pool = torch.ops.inductor._alloc_from_pool
async_compile = AsyncCompile()
empty_strided_p2p = torch._C._distributed_c10d._SymmetricMemory.empty_strided_p2p


cpp_fused__to_copy_embedding_mean_mul_pow_rsqrt_0 = async_compile.cpp_pybinding(['const int64_t*', 'const at::Half*', 'const at::Half*', 'const double*', 'float*', 'at::Half*'], r'''
#include <torch/csrc/inductor/cpp_prefix.h>
extern "C"  void  kernel(const int64_t* in_ptr0,
                       const at::Half* in_ptr1,
                       const at::Half* in_ptr2,
                       const double* in_ptr3,
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
                        auto tmp1 = tmp0;
                        auto tmp2 = c10::convert<int64_t>(tmp1);
                        TORCH_CHECK((0 <= tmp2) & (tmp2 < 49152L), "index out of bounds: 0 <= tmp2 < 49152L");
                        auto tmp4 = at::vec::Vectorized<at::Half>::loadu(in_ptr1 + static_cast<int64_t>(x0 + 64L*tmp0), static_cast<int64_t>(32));
                        auto tmp5 = at::vec::convert<float,2,at::Half,1>(tmp4);
                        auto tmp6 = tmp5 * tmp5;
                        tmp_acc0_vec = tmp_acc0_vec + tmp6;
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
                    auto tmp0 = at::vec::Vectorized<at::Half>::loadu(in_ptr2 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                    auto tmp2 = in_ptr0[static_cast<int64_t>(0L)];
                    auto tmp8 = out_ptr0[static_cast<int64_t>(0L)];
                    auto tmp11 = in_ptr3[static_cast<int64_t>(0L)];
                    auto tmp1 = at::vec::convert<float,2,at::Half,1>(tmp0);
                    auto tmp3 = tmp2;
                    auto tmp4 = c10::convert<int64_t>(tmp3);
                    TORCH_CHECK((0 <= tmp4) & (tmp4 < 49152L), "index out of bounds: 0 <= tmp4 < 49152L");
                    auto tmp6 = at::vec::Vectorized<at::Half>::loadu(in_ptr1 + static_cast<int64_t>(x0 + 64L*tmp2), static_cast<int64_t>(32));
                    auto tmp7 = at::vec::convert<float,2,at::Half,1>(tmp6);
                    auto tmp9 = static_cast<float>(64.0);
                    auto tmp10 = tmp8 / tmp9;
                    auto tmp12 = c10::convert<float>(tmp11);
                    auto tmp13 = float(tmp10 + tmp12);
                    auto tmp14 = 1 / std::sqrt(tmp13);
                    auto tmp15 = at::vec::VectorizedN<float,2>(tmp14);
                    auto tmp16 = tmp7 * tmp15;
                    auto tmp17 = (tmp16);
                    auto tmp18 = tmp1 * tmp17;
                    auto tmp19 = at::vec::convert<at::Half,1,float,2>(tmp18);
                    tmp19.store(out_ptr1 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                }
            }
        }
    }
    inductor_cpu_integer_div_error_flag = nullptr;
    inductor_cpu_throw_if_integer_div_error(inductor_cpu_integer_div_error);
}
''')


cpp_fused__unsafe_view_cat_neg_slice_transpose_view_1 = async_compile.cpp_pybinding(['const at::Half*', 'at::Half*', 'at::Half*'], r'''
#include <torch/csrc/inductor/cpp_prefix.h>
extern "C"  void  kernel(const at::Half* in_ptr0,
                       at::Half* out_ptr0,
                       at::Half* out_ptr1)
{
    std::atomic<int> inductor_cpu_integer_div_error{0};
    inductor_cpu_integer_div_error_flag = &inductor_cpu_integer_div_error;
    {
        #pragma GCC ivdep
        for(int64_t x0=static_cast<int64_t>(0L); x0<static_cast<int64_t>(4L); x0+=static_cast<int64_t>(1L))
        {
            for(int64_t x1=static_cast<int64_t>(0L); x1<static_cast<int64_t>(8L); x1+=static_cast<int64_t>(16L))
            {
                {
                    if(C10_LIKELY(x1 >= static_cast<int64_t>(0L) && x1 < static_cast<int64_t>(8L)))
                    {
                        auto tmp0 = at::vec::Vectorized<at::Half>::loadu(in_ptr0 + static_cast<int64_t>(8L + x1 + 16L*x0), static_cast<int64_t>(8L));
                        auto tmp1 = tmp0.neg();
                        tmp1.store(out_ptr0 + static_cast<int64_t>(x1 + 16L*x0), static_cast<int64_t>(8L));
                    }
                }
            }
        }
    }
    {
        #pragma GCC ivdep
        for(int64_t x0=static_cast<int64_t>(0L); x0<static_cast<int64_t>(4L); x0+=static_cast<int64_t>(1L))
        {
            for(int64_t x1=static_cast<int64_t>(0L); x1<static_cast<int64_t>(8L); x1+=static_cast<int64_t>(16L))
            {
                {
                    if(C10_LIKELY(x1 >= static_cast<int64_t>(0L) && x1 < static_cast<int64_t>(8L)))
                    {
                        auto tmp0 = at::vec::Vectorized<at::Half>::loadu(in_ptr0 + static_cast<int64_t>(x1 + 16L*x0), static_cast<int64_t>(8L));
                        tmp0.store(out_ptr1 + static_cast<int64_t>(x1 + 16L*x0), static_cast<int64_t>(8L));
                    }
                }
            }
        }
    }
    inductor_cpu_integer_div_error_flag = nullptr;
    inductor_cpu_throw_if_integer_div_error(inductor_cpu_integer_div_error);
}
''')


cpp_fused__to_copy__unsafe_view_add_arange_cat_cos_index_copy_mul_neg_sin_slice_transpose_unsqueeze_view_2 = async_compile.cpp_pybinding(['const at::Half*', 'const int64_t*', 'const int64_t*', 'const float*', 'const double*', 'const at::Half*', 'at::Half*', 'at::Half*', 'float*', 'const int64_t'], r'''
#include <torch/csrc/inductor/cpp_prefix.h>
extern "C"  void  kernel(const at::Half* in_ptr0,
                       const int64_t* in_ptr1,
                       const int64_t* in_ptr2,
                       const float* in_ptr3,
                       const double* in_ptr4,
                       const at::Half* in_ptr5,
                       at::Half* out_ptr0,
                       at::Half* out_ptr1,
                       float* out_ptr2,
                       const int64_t ks0)
{
    std::atomic<int> inductor_cpu_integer_div_error{0};
    inductor_cpu_integer_div_error_flag = &inductor_cpu_integer_div_error;
    {
        #pragma GCC ivdep
        for(int64_t x0=static_cast<int64_t>(0L); x0<static_cast<int64_t>(2L); x0+=static_cast<int64_t>(1L))
        {
            for(int64_t x1=static_cast<int64_t>(0L); x1<static_cast<int64_t>(8L); x1+=static_cast<int64_t>(16L))
            {
                {
                    if(C10_LIKELY(x1 >= static_cast<int64_t>(0L) && x1 < static_cast<int64_t>(8L)))
                    {
                        auto tmp0 = at::vec::Vectorized<at::Half>::loadu(in_ptr0 + static_cast<int64_t>(8L + x1 + 16L*x0), static_cast<int64_t>(8L));
                        auto tmp1 = tmp0.neg();
                        tmp1.store(out_ptr0 + static_cast<int64_t>(x1 + 16L*x0), static_cast<int64_t>(8L));
                    }
                }
            }
        }
    }
    {
        #pragma GCC ivdep
        for(int64_t x0=static_cast<int64_t>(0L); x0<static_cast<int64_t>(2L); x0+=static_cast<int64_t>(1L))
        {
            for(int64_t x1=static_cast<int64_t>(0L); x1<static_cast<int64_t>(8L); x1+=static_cast<int64_t>(16L))
            {
                {
                    if(C10_LIKELY(x1 >= static_cast<int64_t>(0L) && x1 < static_cast<int64_t>(8L)))
                    {
                        auto tmp0 = at::vec::Vectorized<at::Half>::loadu(in_ptr0 + static_cast<int64_t>(x1 + 16L*x0), static_cast<int64_t>(8L));
                        tmp0.store(out_ptr1 + static_cast<int64_t>(x1 + 16L*x0), static_cast<int64_t>(8L));
                    }
                }
            }
        }
    }
    {
        #pragma GCC ivdep
        for(int64_t x0=static_cast<int64_t>(0L); x0<static_cast<int64_t>(2L); x0+=static_cast<int64_t>(1L))
        {
            for(int64_t x1=static_cast<int64_t>(0L); x1<static_cast<int64_t>(16L); x1+=static_cast<int64_t>(16L))
            {
                {
                    if(C10_LIKELY(x1 >= static_cast<int64_t>(0) && x1 < static_cast<int64_t>(16L)))
                    {
                        auto tmp0 = in_ptr1[static_cast<int64_t>(0L)];
                        auto tmp11 = at::vec::Vectorized<at::Half>::loadu(in_ptr0 + static_cast<int64_t>(x1 + 16L*x0), static_cast<int64_t>(16));
                        auto tmp13 = in_ptr2[static_cast<int64_t>(0L)];
                        auto tmp15 =
                        [&]
                        {
                            __at_align__ std::array<float, 16> tmpbuf;
                            #pragma GCC unroll 16
                            for (long x1_inner = 0; x1_inner < static_cast<int64_t>(16); x1_inner++)
                            {
                                tmpbuf[x1_inner] = in_ptr3[static_cast<int64_t>((static_cast<int64_t>(x1 + x1_inner) % static_cast<int64_t>(8L)))];
                            }
                            return at::vec::Vectorized<float>::loadu(tmpbuf.data(), static_cast<int64_t>(16));
                        }
                        ()
                        ;
                        auto tmp19 = in_ptr4[static_cast<int64_t>(0L)];
                        auto tmp25 = at::vec::Vectorized<at::Half>::loadu(in_ptr5 + static_cast<int64_t>(x1 + 16L*x0), static_cast<int64_t>(16));
                        auto tmp1 = static_cast<int64_t>(0);
                        auto tmp2 = int64_t(tmp1 + tmp0);
                        auto tmp3 = ks0;
                        auto tmp4 = c10::convert<int64_t>(tmp3);
                        auto tmp5 = int64_t(tmp2 + tmp4);
                        auto tmp6 = tmp2 < 0;
                        auto tmp7 = tmp6 ? tmp5 : tmp2;
                        auto tmp8 = tmp7;
                        auto tmp9 = c10::convert<int64_t>(tmp8);
                        TORCH_CHECK((0 <= tmp9) & (tmp9 < ks0), "index out of bounds: 0 <= tmp9 < ks0");
                        auto tmp12 = at::vec::convert<float>(tmp11);
                        auto tmp14 = c10::convert<float>(tmp13);
                        auto tmp16 = at::vec::Vectorized<float>(tmp14);
                        auto tmp17 = tmp16 * tmp15;
                        auto tmp18 = tmp17.cos();
                        auto tmp20 = c10::convert<float>(tmp19);
                        auto tmp21 = at::vec::Vectorized<float>(tmp20);
                        auto tmp22 = tmp18 * tmp21;
                        auto tmp23 = (tmp22);
                        auto tmp24 = tmp12 * tmp23;
                        auto tmp26 = at::vec::convert<float>(tmp25);
                        auto tmp27 = tmp17.sin();
                        auto tmp28 = tmp27 * tmp21;
                        auto tmp29 = (tmp28);
                        auto tmp30 = tmp26 * tmp29;
                        auto tmp31 = tmp24 + tmp30;
                        auto tmp32 = (tmp31);
                        tmp32.store(out_ptr2 + static_cast<int64_t>(x1 + 16L*tmp7 + 16L*ks0*x0));
                    }
                }
            }
        }
    }
    inductor_cpu_integer_div_error_flag = nullptr;
    inductor_cpu_throw_if_integer_div_error(inductor_cpu_integer_div_error);
}
''')


cpp_fused__scaled_dot_product_flash_attention_for_cpu__to_copy__unsafe_view_add_arange_cat_cos_index_copy_mul_scalar_tensor_sin_transpose_unsqueeze_view_where_3 = async_compile.cpp_pybinding(['const int64_t*', 'const at::Half*', 'const at::Half*', 'const int64_t*', 'const float*', 'const double*', 'const at::Half*', 'const bool*', 'float*', 'float*', 'float*', 'float*', 'const int64_t'], r'''
#include <torch/csrc/inductor/cpp_prefix.h>
extern "C"  void  kernel(const int64_t* in_ptr0,
                       const at::Half* in_ptr1,
                       const at::Half* in_ptr2,
                       const int64_t* in_ptr3,
                       const float* in_ptr4,
                       const double* in_ptr5,
                       const at::Half* in_ptr6,
                       const bool* in_ptr7,
                       float* out_ptr0,
                       float* out_ptr1,
                       float* out_ptr2,
                       float* out_ptr3,
                       const int64_t ks0)
{
    std::atomic<int> inductor_cpu_integer_div_error{0};
    inductor_cpu_integer_div_error_flag = &inductor_cpu_integer_div_error;
    {
        #pragma GCC ivdep
        for(int64_t x0=static_cast<int64_t>(0L); x0<static_cast<int64_t>(2L); x0+=static_cast<int64_t>(1L))
        {
            for(int64_t x1=static_cast<int64_t>(0L); x1<static_cast<int64_t>(16L); x1+=static_cast<int64_t>(16L))
            {
                {
                    if(C10_LIKELY(x1 >= static_cast<int64_t>(0) && x1 < static_cast<int64_t>(16L)))
                    {
                        auto tmp0 = in_ptr0[static_cast<int64_t>(0L)];
                        auto tmp11 = at::vec::Vectorized<at::Half>::loadu(in_ptr1 + static_cast<int64_t>(x1 + 16L*x0), static_cast<int64_t>(16));
                        auto tmp1 = static_cast<int64_t>(0);
                        auto tmp2 = int64_t(tmp1 + tmp0);
                        auto tmp3 = ks0;
                        auto tmp4 = c10::convert<int64_t>(tmp3);
                        auto tmp5 = int64_t(tmp2 + tmp4);
                        auto tmp6 = tmp2 < 0;
                        auto tmp7 = tmp6 ? tmp5 : tmp2;
                        auto tmp8 = tmp7;
                        auto tmp9 = c10::convert<int64_t>(tmp8);
                        TORCH_CHECK((0 <= tmp9) & (tmp9 < ks0), "index out of bounds: 0 <= tmp9 < ks0");
                        auto tmp12 = at::vec::convert<float>(tmp11);
                        tmp12.store(out_ptr0 + static_cast<int64_t>(x1 + 16L*tmp7 + 16L*ks0*x0));
                    }
                }
            }
        }
    }
    {
        #pragma GCC ivdep
        for(int64_t x0=static_cast<int64_t>(0L); x0<static_cast<int64_t>(4L); x0+=static_cast<int64_t>(1L))
        {
            for(int64_t x1=static_cast<int64_t>(0L); x1<static_cast<int64_t>(16L); x1+=static_cast<int64_t>(16L))
            {
                {
                    if(C10_LIKELY(x1 >= static_cast<int64_t>(0) && x1 < static_cast<int64_t>(16L)))
                    {
                        auto tmp0 = at::vec::Vectorized<at::Half>::loadu(in_ptr2 + static_cast<int64_t>(x1 + 16L*x0), static_cast<int64_t>(16));
                        auto tmp2 = in_ptr3[static_cast<int64_t>(0L)];
                        auto tmp4 =
                        [&]
                        {
                            __at_align__ std::array<float, 16> tmpbuf;
                            #pragma GCC unroll 16
                            for (long x1_inner = 0; x1_inner < static_cast<int64_t>(16); x1_inner++)
                            {
                                tmpbuf[x1_inner] = in_ptr4[static_cast<int64_t>((static_cast<int64_t>(x1 + x1_inner) % static_cast<int64_t>(8L)))];
                            }
                            return at::vec::Vectorized<float>::loadu(tmpbuf.data(), static_cast<int64_t>(16));
                        }
                        ()
                        ;
                        auto tmp8 = in_ptr5[static_cast<int64_t>(0L)];
                        auto tmp14 = at::vec::Vectorized<at::Half>::loadu(in_ptr6 + static_cast<int64_t>(x1 + 16L*x0), static_cast<int64_t>(16));
                        auto tmp1 = at::vec::convert<float>(tmp0);
                        auto tmp3 = c10::convert<float>(tmp2);
                        auto tmp5 = at::vec::Vectorized<float>(tmp3);
                        auto tmp6 = tmp5 * tmp4;
                        auto tmp7 = tmp6.cos();
                        auto tmp9 = c10::convert<float>(tmp8);
                        auto tmp10 = at::vec::Vectorized<float>(tmp9);
                        auto tmp11 = tmp7 * tmp10;
                        auto tmp12 = (tmp11);
                        auto tmp13 = tmp1 * tmp12;
                        auto tmp15 = at::vec::convert<float>(tmp14);
                        auto tmp16 = tmp6.sin();
                        auto tmp17 = tmp16 * tmp10;
                        auto tmp18 = (tmp17);
                        auto tmp19 = tmp15 * tmp18;
                        auto tmp20 = tmp13 + tmp19;
                        auto tmp21 = (tmp20);
                        tmp21.store(out_ptr1 + static_cast<int64_t>(x1 + 16L*x0));
                    }
                }
            }
        }
    }
    {
        for(int64_t x0=static_cast<int64_t>(0L); x0<static_cast<int64_t>(ks0); x0+=static_cast<int64_t>(16L))
        {
            {
                if(C10_LIKELY(x0 >= static_cast<int64_t>(0) && x0 < static_cast<int64_t>(16L*(c10::div_floor_integer(static_cast<int64_t>(ks0), static_cast<int64_t>(16L))))))
                {
                    auto tmp0 = at::vec::VecMask<float,1>::from(in_ptr7 + static_cast<int64_t>(x0), static_cast<int64_t>(16));
                    auto tmp1 = static_cast<float>(0.0);
                    auto tmp2 = -std::numeric_limits<float>::infinity();
                    auto tmp3 = at::vec::Vectorized<float>(tmp1);
                    auto tmp4 = at::vec::Vectorized<float>(tmp2);
                    auto tmp5 = decltype(tmp3)::blendv(tmp4, tmp3, tmp0.template cast<float,1>());
                    tmp5.store(out_ptr2 + static_cast<int64_t>(x0));
                    tmp5.store(out_ptr3 + static_cast<int64_t>(x0));
                }
                if(C10_UNLIKELY(x0 >= static_cast<int64_t>(16L*(c10::div_floor_integer(static_cast<int64_t>(ks0), static_cast<int64_t>(16L)))) && x0 < static_cast<int64_t>(ks0)))
                {
                    for (int64_t x0_tail = static_cast<int64_t>(16L*(c10::div_floor_integer(static_cast<int64_t>(ks0), static_cast<int64_t>(16L))));x0_tail < static_cast<int64_t>(ks0); x0_tail++)
                    {
                        auto tmp0 = in_ptr7[static_cast<int64_t>(x0_tail)];
                        auto tmp1 = static_cast<float>(0.0);
                        auto tmp2 = -std::numeric_limits<float>::infinity();
                        auto tmp3 = tmp0 ? tmp1 : tmp2;
                        out_ptr2[static_cast<int64_t>(x0_tail)] = tmp3;
                        out_ptr3[static_cast<int64_t>(x0_tail)] = tmp3;
                    }
                }
            }
        }
    }
    inductor_cpu_integer_div_error_flag = nullptr;
    inductor_cpu_throw_if_integer_div_error(inductor_cpu_integer_div_error);
}
''')


cpp_fused__to_copy_transpose_4 = async_compile.cpp_pybinding(['const float*', 'at::Half*'], r'''
#include <torch/csrc/inductor/cpp_prefix.h>
extern "C"  void  kernel(const float* in_ptr0,
                       at::Half* out_ptr0)
{
    std::atomic<int> inductor_cpu_integer_div_error{0};
    inductor_cpu_integer_div_error_flag = &inductor_cpu_integer_div_error;
    {
        for(int64_t x0=static_cast<int64_t>(0L); x0<static_cast<int64_t>(64L); x0+=static_cast<int64_t>(32L))
        {
            {
                if(C10_LIKELY(x0 >= static_cast<int64_t>(0) && x0 < static_cast<int64_t>(64L)))
                {
                    auto tmp0 = at::vec::VectorizedN<float,2>::loadu(in_ptr0 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                    auto tmp1 = at::vec::convert<at::Half,1,float,2>(tmp0);
                    tmp1.store(out_ptr0 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                }
            }
        }
    }
    inductor_cpu_integer_div_error_flag = nullptr;
    inductor_cpu_throw_if_integer_div_error(inductor_cpu_integer_div_error);
}
''')


cpp_fused__to_copy__unsafe_view_add_embedding_mean_mul_pow_rsqrt_5 = async_compile.cpp_pybinding(['const int64_t*', 'const at::Half*', 'const at::Half*', 'const at::Half*', 'const double*', 'float*', 'at::Half*'], r'''
#include <torch/csrc/inductor/cpp_prefix.h>
extern "C"  void  kernel(const int64_t* in_ptr0,
                       const at::Half* in_ptr1,
                       const at::Half* in_ptr2,
                       const at::Half* in_ptr3,
                       const double* in_ptr4,
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
                        auto tmp6 = at::vec::Vectorized<at::Half>::loadu(in_ptr2 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                        auto tmp1 = tmp0;
                        auto tmp2 = c10::convert<int64_t>(tmp1);
                        TORCH_CHECK((0 <= tmp2) & (tmp2 < 49152L), "index out of bounds: 0 <= tmp2 < 49152L");
                        auto tmp4 = at::vec::Vectorized<at::Half>::loadu(in_ptr1 + static_cast<int64_t>(x0 + 64L*tmp0), static_cast<int64_t>(32));
                        auto tmp5 = at::vec::convert<float,2,at::Half,1>(tmp4);
                        auto tmp7 = at::vec::convert<float,2,at::Half,1>(tmp6);
                        auto tmp8 = tmp5 + tmp7;
                        auto tmp9 = (tmp8);
                        auto tmp10 = tmp9 * tmp9;
                        tmp_acc0_vec = tmp_acc0_vec + tmp10;
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
                    auto tmp0 = at::vec::Vectorized<at::Half>::loadu(in_ptr3 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                    auto tmp2 = in_ptr0[static_cast<int64_t>(0L)];
                    auto tmp8 = at::vec::Vectorized<at::Half>::loadu(in_ptr2 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                    auto tmp12 = out_ptr0[static_cast<int64_t>(0L)];
                    auto tmp15 = in_ptr4[static_cast<int64_t>(0L)];
                    auto tmp1 = at::vec::convert<float,2,at::Half,1>(tmp0);
                    auto tmp3 = tmp2;
                    auto tmp4 = c10::convert<int64_t>(tmp3);
                    TORCH_CHECK((0 <= tmp4) & (tmp4 < 49152L), "index out of bounds: 0 <= tmp4 < 49152L");
                    auto tmp6 = at::vec::Vectorized<at::Half>::loadu(in_ptr1 + static_cast<int64_t>(x0 + 64L*tmp2), static_cast<int64_t>(32));
                    auto tmp7 = at::vec::convert<float,2,at::Half,1>(tmp6);
                    auto tmp9 = at::vec::convert<float,2,at::Half,1>(tmp8);
                    auto tmp10 = tmp7 + tmp9;
                    auto tmp11 = (tmp10);
                    auto tmp13 = static_cast<float>(64.0);
                    auto tmp14 = tmp12 / tmp13;
                    auto tmp16 = c10::convert<float>(tmp15);
                    auto tmp17 = float(tmp14 + tmp16);
                    auto tmp18 = 1 / std::sqrt(tmp17);
                    auto tmp19 = at::vec::VectorizedN<float,2>(tmp18);
                    auto tmp20 = tmp11 * tmp19;
                    auto tmp21 = (tmp20);
                    auto tmp22 = tmp1 * tmp21;
                    auto tmp23 = at::vec::convert<at::Half,1,float,2>(tmp22);
                    tmp23.store(out_ptr1 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                }
            }
        }
    }
    inductor_cpu_integer_div_error_flag = nullptr;
    inductor_cpu_throw_if_integer_div_error(inductor_cpu_integer_div_error);
}
''')


cpp_fused__unsafe_view_mul_silu_6 = async_compile.cpp_pybinding(['at::Half*', 'const at::Half*'], r'''
#include <torch/csrc/inductor/cpp_prefix.h>
extern "C"  void  kernel(at::Half* in_out_ptr0,
                       const at::Half* in_ptr0)
{
    std::atomic<int> inductor_cpu_integer_div_error{0};
    inductor_cpu_integer_div_error_flag = &inductor_cpu_integer_div_error;
    {
        for(int64_t x0=static_cast<int64_t>(0L); x0<static_cast<int64_t>(128L); x0+=static_cast<int64_t>(32L))
        {
            {
                if(C10_LIKELY(x0 >= static_cast<int64_t>(0) && x0 < static_cast<int64_t>(128L)))
                {
                    auto tmp0 = at::vec::Vectorized<at::Half>::loadu(in_out_ptr0 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                    auto tmp9 = at::vec::Vectorized<at::Half>::loadu(in_ptr0 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                    auto tmp1 = at::vec::convert<float,2,at::Half,1>(tmp0);
                    auto tmp2 = tmp1.neg();
                    auto tmp3 = tmp2.exp();
                    auto tmp4 = static_cast<float>(1.0);
                    auto tmp5 = at::vec::VectorizedN<float,2>(tmp4);
                    auto tmp6 = tmp3 + tmp5;
                    auto tmp7 = tmp1 / tmp6;
                    auto tmp8 = (tmp7);
                    auto tmp10 = at::vec::convert<float,2,at::Half,1>(tmp9);
                    auto tmp11 = tmp8 * tmp10;
                    auto tmp12 = at::vec::convert<at::Half,1,float,2>(tmp11);
                    tmp12.store(in_out_ptr0 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                }
            }
        }
    }
    inductor_cpu_integer_div_error_flag = nullptr;
    inductor_cpu_throw_if_integer_div_error(inductor_cpu_integer_div_error);
}
''')


cpp_fused__to_copy__unsafe_view_add_embedding_mean_mul_pow_rsqrt_7 = async_compile.cpp_pybinding(['const int64_t*', 'const at::Half*', 'const at::Half*', 'const at::Half*', 'const at::Half*', 'const double*', 'float*', 'at::Half*'], r'''
#include <torch/csrc/inductor/cpp_prefix.h>
extern "C"  void  kernel(const int64_t* in_ptr0,
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
                        auto tmp6 = at::vec::Vectorized<at::Half>::loadu(in_ptr2 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                        auto tmp9 = at::vec::Vectorized<at::Half>::loadu(in_ptr3 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                        auto tmp1 = tmp0;
                        auto tmp2 = c10::convert<int64_t>(tmp1);
                        TORCH_CHECK((0 <= tmp2) & (tmp2 < 49152L), "index out of bounds: 0 <= tmp2 < 49152L");
                        auto tmp4 = at::vec::Vectorized<at::Half>::loadu(in_ptr1 + static_cast<int64_t>(x0 + 64L*tmp0), static_cast<int64_t>(32));
                        auto tmp5 = at::vec::convert<float,2,at::Half,1>(tmp4);
                        auto tmp7 = at::vec::convert<float,2,at::Half,1>(tmp6);
                        auto tmp8 = tmp5 + tmp7;
                        auto tmp10 = at::vec::convert<float,2,at::Half,1>(tmp9);
                        auto tmp11 = tmp8 + tmp10;
                        auto tmp12 = (tmp11);
                        auto tmp13 = tmp12 * tmp12;
                        tmp_acc0_vec = tmp_acc0_vec + tmp13;
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
                    auto tmp2 = in_ptr0[static_cast<int64_t>(0L)];
                    auto tmp8 = at::vec::Vectorized<at::Half>::loadu(in_ptr2 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                    auto tmp11 = at::vec::Vectorized<at::Half>::loadu(in_ptr3 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                    auto tmp15 = out_ptr0[static_cast<int64_t>(0L)];
                    auto tmp18 = in_ptr5[static_cast<int64_t>(0L)];
                    auto tmp1 = at::vec::convert<float,2,at::Half,1>(tmp0);
                    auto tmp3 = tmp2;
                    auto tmp4 = c10::convert<int64_t>(tmp3);
                    TORCH_CHECK((0 <= tmp4) & (tmp4 < 49152L), "index out of bounds: 0 <= tmp4 < 49152L");
                    auto tmp6 = at::vec::Vectorized<at::Half>::loadu(in_ptr1 + static_cast<int64_t>(x0 + 64L*tmp2), static_cast<int64_t>(32));
                    auto tmp7 = at::vec::convert<float,2,at::Half,1>(tmp6);
                    auto tmp9 = at::vec::convert<float,2,at::Half,1>(tmp8);
                    auto tmp10 = tmp7 + tmp9;
                    auto tmp12 = at::vec::convert<float,2,at::Half,1>(tmp11);
                    auto tmp13 = tmp10 + tmp12;
                    auto tmp14 = (tmp13);
                    auto tmp16 = static_cast<float>(64.0);
                    auto tmp17 = tmp15 / tmp16;
                    auto tmp19 = c10::convert<float>(tmp18);
                    auto tmp20 = float(tmp17 + tmp19);
                    auto tmp21 = 1 / std::sqrt(tmp20);
                    auto tmp22 = at::vec::VectorizedN<float,2>(tmp21);
                    auto tmp23 = tmp14 * tmp22;
                    auto tmp24 = (tmp23);
                    auto tmp25 = tmp1 * tmp24;
                    auto tmp26 = at::vec::convert<at::Half,1,float,2>(tmp25);
                    tmp26.store(out_ptr1 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                }
            }
        }
    }
    inductor_cpu_integer_div_error_flag = nullptr;
    inductor_cpu_throw_if_integer_div_error(inductor_cpu_integer_div_error);
}
''')


cpp_fused__scaled_dot_product_flash_attention_for_cpu__to_copy__unsafe_view_add_arange_cat_cos_index_copy_mul_scalar_tensor_sin_transpose_unsqueeze_view_where_8 = async_compile.cpp_pybinding(['const int64_t*', 'const at::Half*', 'const at::Half*', 'const int64_t*', 'const float*', 'const double*', 'const at::Half*', 'float*', 'float*', 'const int64_t'], r'''
#include <torch/csrc/inductor/cpp_prefix.h>
extern "C"  void  kernel(const int64_t* in_ptr0,
                       const at::Half* in_ptr1,
                       const at::Half* in_ptr2,
                       const int64_t* in_ptr3,
                       const float* in_ptr4,
                       const double* in_ptr5,
                       const at::Half* in_ptr6,
                       float* out_ptr0,
                       float* out_ptr1,
                       const int64_t ks0)
{
    std::atomic<int> inductor_cpu_integer_div_error{0};
    inductor_cpu_integer_div_error_flag = &inductor_cpu_integer_div_error;
    {
        #pragma GCC ivdep
        for(int64_t x0=static_cast<int64_t>(0L); x0<static_cast<int64_t>(2L); x0+=static_cast<int64_t>(1L))
        {
            for(int64_t x1=static_cast<int64_t>(0L); x1<static_cast<int64_t>(16L); x1+=static_cast<int64_t>(16L))
            {
                {
                    if(C10_LIKELY(x1 >= static_cast<int64_t>(0) && x1 < static_cast<int64_t>(16L)))
                    {
                        auto tmp0 = in_ptr0[static_cast<int64_t>(0L)];
                        auto tmp11 = at::vec::Vectorized<at::Half>::loadu(in_ptr1 + static_cast<int64_t>(x1 + 16L*x0), static_cast<int64_t>(16));
                        auto tmp1 = static_cast<int64_t>(0);
                        auto tmp2 = int64_t(tmp1 + tmp0);
                        auto tmp3 = ks0;
                        auto tmp4 = c10::convert<int64_t>(tmp3);
                        auto tmp5 = int64_t(tmp2 + tmp4);
                        auto tmp6 = tmp2 < 0;
                        auto tmp7 = tmp6 ? tmp5 : tmp2;
                        auto tmp8 = tmp7;
                        auto tmp9 = c10::convert<int64_t>(tmp8);
                        TORCH_CHECK((0 <= tmp9) & (tmp9 < ks0), "index out of bounds: 0 <= tmp9 < ks0");
                        auto tmp12 = at::vec::convert<float>(tmp11);
                        tmp12.store(out_ptr0 + static_cast<int64_t>(x1 + 16L*tmp7 + 16L*ks0*x0));
                    }
                }
            }
        }
    }
    {
        #pragma GCC ivdep
        for(int64_t x0=static_cast<int64_t>(0L); x0<static_cast<int64_t>(4L); x0+=static_cast<int64_t>(1L))
        {
            for(int64_t x1=static_cast<int64_t>(0L); x1<static_cast<int64_t>(16L); x1+=static_cast<int64_t>(16L))
            {
                {
                    if(C10_LIKELY(x1 >= static_cast<int64_t>(0) && x1 < static_cast<int64_t>(16L)))
                    {
                        auto tmp0 = at::vec::Vectorized<at::Half>::loadu(in_ptr2 + static_cast<int64_t>(x1 + 16L*x0), static_cast<int64_t>(16));
                        auto tmp2 = in_ptr3[static_cast<int64_t>(0L)];
                        auto tmp4 =
                        [&]
                        {
                            __at_align__ std::array<float, 16> tmpbuf;
                            #pragma GCC unroll 16
                            for (long x1_inner = 0; x1_inner < static_cast<int64_t>(16); x1_inner++)
                            {
                                tmpbuf[x1_inner] = in_ptr4[static_cast<int64_t>((static_cast<int64_t>(x1 + x1_inner) % static_cast<int64_t>(8L)))];
                            }
                            return at::vec::Vectorized<float>::loadu(tmpbuf.data(), static_cast<int64_t>(16));
                        }
                        ()
                        ;
                        auto tmp8 = in_ptr5[static_cast<int64_t>(0L)];
                        auto tmp14 = at::vec::Vectorized<at::Half>::loadu(in_ptr6 + static_cast<int64_t>(x1 + 16L*x0), static_cast<int64_t>(16));
                        auto tmp1 = at::vec::convert<float>(tmp0);
                        auto tmp3 = c10::convert<float>(tmp2);
                        auto tmp5 = at::vec::Vectorized<float>(tmp3);
                        auto tmp6 = tmp5 * tmp4;
                        auto tmp7 = tmp6.cos();
                        auto tmp9 = c10::convert<float>(tmp8);
                        auto tmp10 = at::vec::Vectorized<float>(tmp9);
                        auto tmp11 = tmp7 * tmp10;
                        auto tmp12 = (tmp11);
                        auto tmp13 = tmp1 * tmp12;
                        auto tmp15 = at::vec::convert<float>(tmp14);
                        auto tmp16 = tmp6.sin();
                        auto tmp17 = tmp16 * tmp10;
                        auto tmp18 = (tmp17);
                        auto tmp19 = tmp15 * tmp18;
                        auto tmp20 = tmp13 + tmp19;
                        auto tmp21 = (tmp20);
                        tmp21.store(out_ptr1 + static_cast<int64_t>(x1 + 16L*x0));
                    }
                }
            }
        }
    }
    inductor_cpu_integer_div_error_flag = nullptr;
    inductor_cpu_throw_if_integer_div_error(inductor_cpu_integer_div_error);
}
''')


cpp_fused__to_copy__unsafe_view_add_embedding_mean_mul_pow_rsqrt_9 = async_compile.cpp_pybinding(['at::Half*', 'const int64_t*', 'const at::Half*', 'const at::Half*', 'const at::Half*', 'const at::Half*', 'const double*', 'float*', 'at::Half*'], r'''
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
''')


cpp_fused__to_copy__unsafe_view_add_mean_mul_pow_rsqrt_10 = async_compile.cpp_pybinding(['at::Half*', 'const at::Half*', 'const at::Half*', 'const double*', 'float*'], r'''
#include <torch/csrc/inductor/cpp_prefix.h>
extern "C"  void  kernel(at::Half* in_out_ptr0,
                       const at::Half* in_ptr1,
                       const at::Half* in_ptr2,
                       const double* in_ptr3,
                       float* out_ptr0)
{
    std::atomic<int> inductor_cpu_integer_div_error{0};
    inductor_cpu_integer_div_error_flag = &inductor_cpu_integer_div_error;
    auto in_ptr0 = in_out_ptr0;
    {
        {
            float tmp_acc0 = 0;
            at::vec::VectorizedN<float,2> tmp_acc0_vec = at::vec::VectorizedN<float,2>(0);
            for(int64_t x0=static_cast<int64_t>(0L); x0<static_cast<int64_t>(64L); x0+=static_cast<int64_t>(32L))
            {
                {
                    if(C10_LIKELY(x0 >= static_cast<int64_t>(0) && x0 < static_cast<int64_t>(64L)))
                    {
                        auto tmp0 = at::vec::Vectorized<at::Half>::loadu(in_ptr0 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                        auto tmp2 = at::vec::Vectorized<at::Half>::loadu(in_ptr1 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                        auto tmp1 = at::vec::convert<float,2,at::Half,1>(tmp0);
                        auto tmp3 = at::vec::convert<float,2,at::Half,1>(tmp2);
                        auto tmp4 = tmp1 + tmp3;
                        auto tmp5 = (tmp4);
                        auto tmp6 = tmp5 * tmp5;
                        tmp_acc0_vec = tmp_acc0_vec + tmp6;
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
                    auto tmp0 = at::vec::Vectorized<at::Half>::loadu(in_ptr2 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                    auto tmp2 = at::vec::Vectorized<at::Half>::loadu(in_out_ptr0 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                    auto tmp4 = at::vec::Vectorized<at::Half>::loadu(in_ptr1 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                    auto tmp8 = out_ptr0[static_cast<int64_t>(0L)];
                    auto tmp11 = in_ptr3[static_cast<int64_t>(0L)];
                    auto tmp1 = at::vec::convert<float,2,at::Half,1>(tmp0);
                    auto tmp3 = at::vec::convert<float,2,at::Half,1>(tmp2);
                    auto tmp5 = at::vec::convert<float,2,at::Half,1>(tmp4);
                    auto tmp6 = tmp3 + tmp5;
                    auto tmp7 = (tmp6);
                    auto tmp9 = static_cast<float>(64.0);
                    auto tmp10 = tmp8 / tmp9;
                    auto tmp12 = c10::convert<float>(tmp11);
                    auto tmp13 = float(tmp10 + tmp12);
                    auto tmp14 = 1 / std::sqrt(tmp13);
                    auto tmp15 = at::vec::VectorizedN<float,2>(tmp14);
                    auto tmp16 = tmp7 * tmp15;
                    auto tmp17 = (tmp16);
                    auto tmp18 = tmp1 * tmp17;
                    auto tmp19 = at::vec::convert<at::Half,1,float,2>(tmp18);
                    tmp19.store(in_out_ptr0 + static_cast<int64_t>(x0), static_cast<int64_t>(32));
                }
            }
        }
    }
    inductor_cpu_integer_div_error_flag = nullptr;
    inductor_cpu_throw_if_integer_div_error(inductor_cpu_integer_div_error);
}
''')


cpp_fused_add_copy__11 = async_compile.cpp_pybinding(['const int64_t*', 'const int64_t*', 'int64_t*', 'int64_t*'], r'''
#include <torch/csrc/inductor/cpp_prefix.h>
extern "C"  void  kernel(const int64_t* in_ptr0,
                       const int64_t* in_ptr1,
                       int64_t* out_ptr1,
                       int64_t* out_ptr3)
{
    std::atomic<int> inductor_cpu_integer_div_error{0};
    inductor_cpu_integer_div_error_flag = &inductor_cpu_integer_div_error;
    {
        {
            {
                auto tmp0 = in_ptr0[static_cast<int64_t>(0L)];
                auto tmp1 = static_cast<int64_t>(1);
                auto tmp2 = int64_t(tmp0 + tmp1);
                out_ptr1[static_cast<int64_t>(0L)] = tmp2;
            }
        }
    }
    {
        {
            {
                auto tmp0 = in_ptr1[static_cast<int64_t>(0L)];
                auto tmp1 = static_cast<int64_t>(1);
                auto tmp2 = int64_t(tmp0 + tmp1);
                out_ptr3[static_cast<int64_t>(0L)] = tmp2;
            }
        }
    }
    inductor_cpu_integer_div_error_flag = nullptr;
    inductor_cpu_throw_if_integer_div_error(inductor_cpu_integer_div_error);
}
''')


async_compile.wait(globals())
del async_compile

class Runner:
    def __init__(self, partitions):
        self.partitions = partitions

    def recursively_apply_fns(self, fns):
        new_callables = []
        for fn, c in zip(fns, self.partitions):
            new_callables.append(fn(c))
        self.partitions = new_callables

    def call(self, args):
        arg0_1, arg1_1, arg2_1, arg3_1, arg4_1, arg5_1, arg6_1, arg7_1, arg8_1, arg9_1, arg10_1, arg11_1, arg12_1, arg13_1, arg14_1, arg15_1, arg16_1, arg17_1, arg18_1, arg19_1, arg20_1, arg21_1, arg22_1, arg23_1, arg24_1, arg25_1, arg26_1, arg27_1, arg28_1, arg29_1, arg30_1, arg31_1, arg32_1, arg33_1, arg34_1, arg35_1, arg36_1, arg37_1 = args
        args.clear()
        s4 = arg3_1
        s35 = arg37_1
        assert_size_stride(arg0_1, (1, 1), (1, 1), 'input')
        assert_size_stride(arg1_1, (49152, 64), (64, 1), 'input')
        buf0 = empty_strided_cpu((1, 1, 1), (1, 1, 1), torch.float32)
        assert_size_stride(arg8_1, (64, ), (1, ), 'input')
        assert_size_stride(arg7_1, (), (), 'input')
        buf1 = empty_strided_cpu((1, 1, 64), (64, 64, 1), torch.float16)
        assert_size_stride(arg9_1, (64, 64), (64, 1), 'input')
        cpp_fused__to_copy_embedding_mean_mul_pow_rsqrt_0(arg0_1, arg1_1, arg8_1, arg7_1, buf0, buf1)
        del arg7_1
        del arg8_1
        buf2 = empty_strided_cpu((1, 64), (64, 1), torch.float16)
        # Topologically Sorted Source Nodes: [linear], Original ATen: [aten.view, aten.t, aten.mm]
        extern_kernels.mm(reinterpret_tensor(buf1, (1, 64), (64, 1), 0), reinterpret_tensor(arg9_1, (64, 64), (1, 64), 0), out=buf2)
        del arg9_1
        buf5 = empty_strided_cpu((1, 4, 1, 16), (64, 16, 16, 1), torch.float16)
        buf3 = reinterpret_tensor(buf5, (1, 4, 1, 8), (64, 16, 16, 1), 0)  # alias
        buf4 = reinterpret_tensor(buf5, (1, 4, 1, 8), (64, 16, 16, 1), 8)  # alias
        assert_size_stride(arg10_1, (32, 64), (64, 1), 'input')
        cpp_fused__unsafe_view_cat_neg_slice_transpose_view_1(buf2, buf3, buf4)
        del buf3
        del buf4
        buf6 = empty_strided_cpu((1, 32), (32, 1), torch.float16)
        # Topologically Sorted Source Nodes: [linear_1], Original ATen: [aten.view, aten.t, aten.mm]
        extern_kernels.mm(reinterpret_tensor(buf1, (1, 64), (64, 1), 0), reinterpret_tensor(arg10_1, (64, 32), (1, 64), 0), out=buf6)
        del arg10_1
        buf9 = empty_strided_cpu((1, 2, 1, 16), (32, 16, 16, 1), torch.float16)
        buf7 = reinterpret_tensor(buf9, (1, 2, 1, 8), (32, 16, 16, 1), 0)  # alias
        buf8 = reinterpret_tensor(buf9, (1, 2, 1, 8), (32, 16, 16, 1), 8)  # alias
        assert_size_stride(arg12_1, (), (), 'input')
        assert_size_stride(arg2_1, (1, 1), (1, 1), 'input')
        assert_size_stride(arg5_1, (8, ), (1, ), 'input')
        assert_size_stride(arg6_1, (), (), 'input')
        assert_size_stride(arg13_1, (1, 2, s4, 16), (32*s4, 16*s4, 16, 1), 'input')
        assert_size_stride(arg11_1, (32, 64), (64, 1), 'input')
        cpp_fused__to_copy__unsafe_view_add_arange_cat_cos_index_copy_mul_neg_sin_slice_transpose_unsqueeze_view_2(buf6, arg12_1, arg2_1, arg5_1, arg6_1, buf9, buf7, buf8, arg13_1, s4)
        del buf7
        del buf8
        buf11 = reinterpret_tensor(buf9, (1, 32), (32, 1), 0); del buf9  # reuse
        # Topologically Sorted Source Nodes: [linear_2], Original ATen: [aten.view, aten.t, aten.mm]
        extern_kernels.mm(reinterpret_tensor(buf1, (1, 64), (64, 1), 0), reinterpret_tensor(arg11_1, (64, 32), (1, 64), 0), out=buf11)
        del arg11_1
        assert_size_stride(arg14_1, (1, 2, s4, 16), (32*s4, 16*s4, 16, 1), 'input')
        buf13 = empty_strided_cpu((1, 4, 1, 16), (64, 16, 16, 1), torch.float32)
        assert_size_stride(arg4_1, (1, 1, 1, s4), (s4, s4, s4, 1), 'input')
        buf14 = empty_strided_cpu((1, 1, 1, s4), (s4, s4, s4, 1), torch.float32)
        buf40 = empty_strided_cpu((1, 1, 1, s4), (s4, s4, s4, 1), torch.float32)
        cpp_fused__scaled_dot_product_flash_attention_for_cpu__to_copy__unsafe_view_add_arange_cat_cos_index_copy_mul_scalar_tensor_sin_transpose_unsqueeze_view_where_3(arg12_1, buf11, buf2, arg2_1, arg5_1, arg6_1, buf5, arg4_1, arg14_1, buf13, buf14, buf40, s4)
        del arg4_1
        # Topologically Sorted Source Nodes: [linear, view, query_states, getitem_4, float_1, freqs, emb, cos, cos_2, cos_3, mul_5, sin, sin_2, sin_3, mul_6, q_embed, float_2, attn_output], Original ATen: [aten._unsafe_view, aten.view, aten.transpose, aten.unsqueeze, aten._to_copy, aten.mul, aten.cat, aten.cos, aten.sin, aten.add, aten.scalar_tensor, aten.where, aten._scaled_dot_product_flash_attention_for_cpu]
        buf15 = torch.ops.aten._scaled_dot_product_flash_attention_for_cpu.default(buf13, arg13_1, arg14_1, attn_mask=buf14, scale=0.25)
        del arg13_1
        del arg14_1
        del buf14
        buf16 = buf15[0]
        assert_size_stride(buf16, (1, 4, 1, 16), (64, 16, 16, 1), 'torch.ops.aten._scaled_dot_product_flash_attention_for_cpu.default')
        # buffer buf16 (op: torch.ops.aten._scaled_dot_product_flash_attention_for_cpu.default) is assumed to be not aligned
        del buf15
        buf18 = reinterpret_tensor(buf5, (1, 1, 4, 16), (64, 1, 16, 1), 0); del buf5  # reuse
        assert_size_stride(arg15_1, (64, 64), (64, 1), 'input')
        cpp_fused__to_copy_transpose_4(buf16, buf18)
        del buf16
        buf19 = buf2; del buf2  # reuse
        # Topologically Sorted Source Nodes: [transpose_3, attn_output_3, reshape_1, attn_output_5], Original ATen: [aten.transpose, aten._to_copy, aten.view, aten.t, aten.mm]
        extern_kernels.mm(reinterpret_tensor(buf18, (1, 64), (0, 1), 0), reinterpret_tensor(arg15_1, (64, 64), (1, 64), 0), out=buf19)
        del arg15_1
        buf20 = buf0; del buf0  # reuse
        assert_size_stride(arg17_1, (64, ), (1, ), 'input')
        assert_size_stride(arg16_1, (), (), 'input')
        buf21 = reinterpret_tensor(buf18, (1, 1, 64), (64, 64, 1), 0); del buf18  # reuse
        assert_size_stride(arg18_1, (128, 64), (64, 1), 'input')
        cpp_fused__to_copy__unsafe_view_add_embedding_mean_mul_pow_rsqrt_5(arg0_1, arg1_1, buf19, arg17_1, arg16_1, buf20, buf21)
        del arg16_1
        del arg17_1
        buf22 = empty_strided_cpu((1, 128), (128, 1), torch.float16)
        # Topologically Sorted Source Nodes: [linear_4], Original ATen: [aten.view, aten.t, aten.mm]
        extern_kernels.mm(reinterpret_tensor(buf21, (1, 64), (64, 1), 0), reinterpret_tensor(arg18_1, (64, 128), (1, 64), 0), out=buf22)
        del arg18_1
        assert_size_stride(arg19_1, (128, 64), (64, 1), 'input')
        buf23 = empty_strided_cpu((1, 128), (128, 1), torch.float16)
        # Topologically Sorted Source Nodes: [linear_5], Original ATen: [aten.view, aten.t, aten.mm]
        extern_kernels.mm(reinterpret_tensor(buf21, (1, 64), (64, 1), 0), reinterpret_tensor(arg19_1, (64, 128), (1, 64), 0), out=buf23)
        del arg19_1
        buf24 = reinterpret_tensor(buf22, (1, 1, 128), (128, 128, 1), 0); del buf22  # reuse
        assert_size_stride(arg20_1, (64, 128), (128, 1), 'input')
        cpp_fused__unsafe_view_mul_silu_6(buf24, buf23)
        buf25 = reinterpret_tensor(buf21, (1, 64), (64, 1), 0); del buf21  # reuse
        # Topologically Sorted Source Nodes: [linear_4, silu, linear_5, mul_11, down_proj], Original ATen: [aten._unsafe_view, aten.silu, aten.mul, aten.view, aten.t, aten.mm]
        extern_kernels.mm(reinterpret_tensor(buf24, (1, 128), (0, 1), 0), reinterpret_tensor(arg20_1, (128, 64), (1, 128), 0), out=buf25)
        del arg20_1
        buf26 = buf20; del buf20  # reuse
        assert_size_stride(arg22_1, (64, ), (1, ), 'input')
        assert_size_stride(arg21_1, (), (), 'input')
        buf27 = buf1; del buf1  # reuse
        assert_size_stride(arg23_1, (64, 64), (64, 1), 'input')
        cpp_fused__to_copy__unsafe_view_add_embedding_mean_mul_pow_rsqrt_7(arg0_1, arg1_1, buf19, buf25, arg22_1, arg21_1, buf26, buf27)
        del arg21_1
        del arg22_1
        buf28 = empty_strided_cpu((1, 64), (64, 1), torch.float16)
        # Topologically Sorted Source Nodes: [linear_7], Original ATen: [aten.view, aten.t, aten.mm]
        extern_kernels.mm(reinterpret_tensor(buf27, (1, 64), (64, 1), 0), reinterpret_tensor(arg23_1, (64, 64), (1, 64), 0), out=buf28)
        del arg23_1
        buf31 = empty_strided_cpu((1, 4, 1, 16), (64, 16, 16, 1), torch.float16)
        buf29 = reinterpret_tensor(buf31, (1, 4, 1, 8), (64, 16, 16, 1), 0)  # alias
        buf30 = reinterpret_tensor(buf31, (1, 4, 1, 8), (64, 16, 16, 1), 8)  # alias
        assert_size_stride(arg24_1, (32, 64), (64, 1), 'input')
        cpp_fused__unsafe_view_cat_neg_slice_transpose_view_1(buf28, buf29, buf30)
        del buf29
        del buf30
        buf32 = buf11; del buf11  # reuse
        # Topologically Sorted Source Nodes: [linear_8], Original ATen: [aten.view, aten.t, aten.mm]
        extern_kernels.mm(reinterpret_tensor(buf27, (1, 64), (64, 1), 0), reinterpret_tensor(arg24_1, (64, 32), (1, 64), 0), out=buf32)
        del arg24_1
        buf35 = reinterpret_tensor(buf6, (1, 2, 1, 16), (32, 16, 16, 1), 0); del buf6  # reuse
        buf33 = reinterpret_tensor(buf35, (1, 2, 1, 8), (32, 16, 16, 1), 0)  # alias
        buf34 = reinterpret_tensor(buf35, (1, 2, 1, 8), (32, 16, 16, 1), 8)  # alias
        assert_size_stride(arg26_1, (), (), 'input')
        assert_size_stride(arg27_1, (1, 2, s4, 16), (32*s4, 16*s4, 16, 1), 'input')
        assert_size_stride(arg25_1, (32, 64), (64, 1), 'input')
        cpp_fused__to_copy__unsafe_view_add_arange_cat_cos_index_copy_mul_neg_sin_slice_transpose_unsqueeze_view_2(buf32, arg26_1, arg2_1, arg5_1, arg6_1, buf35, buf33, buf34, arg27_1, s4)
        del buf32
        del buf33
        del buf34
        buf37 = reinterpret_tensor(buf35, (1, 32), (32, 1), 0); del buf35  # reuse
        # Topologically Sorted Source Nodes: [linear_9], Original ATen: [aten.view, aten.t, aten.mm]
        extern_kernels.mm(reinterpret_tensor(buf27, (1, 64), (64, 1), 0), reinterpret_tensor(arg25_1, (64, 32), (1, 64), 0), out=buf37)
        del arg25_1
        del buf27
        assert_size_stride(arg28_1, (1, 2, s4, 16), (32*s4, 16*s4, 16, 1), 'input')
        buf39 = buf13; del buf13  # reuse
        cpp_fused__scaled_dot_product_flash_attention_for_cpu__to_copy__unsafe_view_add_arange_cat_cos_index_copy_mul_scalar_tensor_sin_transpose_unsqueeze_view_where_8(arg26_1, buf37, buf28, arg2_1, arg5_1, arg6_1, buf31, arg28_1, buf39, s4)
        del arg2_1
        del arg5_1
        del arg6_1
        del buf37
        # Topologically Sorted Source Nodes: [getitem_4, float_1, freqs, emb, cos, cos_2, sin, sin_2, linear_7, view_3, query_states_1, cos_4, mul_14, sin_4, mul_15, q_embed_1, float_5, attn_output_6], Original ATen: [aten.unsqueeze, aten._to_copy, aten.mul, aten.cat, aten.cos, aten.sin, aten._unsafe_view, aten.view, aten.transpose, aten.add, aten.scalar_tensor, aten.where, aten._scaled_dot_product_flash_attention_for_cpu]
        buf41 = torch.ops.aten._scaled_dot_product_flash_attention_for_cpu.default(buf39, arg27_1, arg28_1, attn_mask=buf40, scale=0.25)
        del arg27_1
        del arg28_1
        del buf39
        del buf40
        buf42 = buf41[0]
        assert_size_stride(buf42, (1, 4, 1, 16), (64, 16, 16, 1), 'torch.ops.aten._scaled_dot_product_flash_attention_for_cpu.default')
        # buffer buf42 (op: torch.ops.aten._scaled_dot_product_flash_attention_for_cpu.default) is assumed to be not aligned
        del buf41
        buf44 = reinterpret_tensor(buf31, (1, 1, 4, 16), (64, 1, 16, 1), 0); del buf31  # reuse
        assert_size_stride(arg29_1, (64, 64), (64, 1), 'input')
        cpp_fused__to_copy_transpose_4(buf42, buf44)
        del buf42
        buf45 = buf28; del buf28  # reuse
        # Topologically Sorted Source Nodes: [transpose_7, attn_output_9, reshape_3, attn_output_11], Original ATen: [aten.transpose, aten._to_copy, aten.view, aten.t, aten.mm]
        extern_kernels.mm(reinterpret_tensor(buf44, (1, 64), (0, 1), 0), reinterpret_tensor(arg29_1, (64, 64), (1, 64), 0), out=buf45)
        del arg29_1
        buf46 = reinterpret_tensor(buf19, (1, 1, 64), (64, 64, 1), 0); del buf19  # reuse
        buf47 = buf26; del buf26  # reuse
        assert_size_stride(arg31_1, (64, ), (1, ), 'input')
        assert_size_stride(arg30_1, (), (), 'input')
        buf48 = reinterpret_tensor(buf44, (1, 1, 64), (64, 64, 1), 0); del buf44  # reuse
        assert_size_stride(arg32_1, (128, 64), (64, 1), 'input')
        cpp_fused__to_copy__unsafe_view_add_embedding_mean_mul_pow_rsqrt_9(buf46, arg0_1, arg1_1, buf25, buf45, arg31_1, arg30_1, buf47, buf48)
        del arg0_1
        del arg30_1
        del arg31_1
        del buf25
        del buf45
        buf49 = reinterpret_tensor(buf24, (1, 128), (128, 1), 0); del buf24  # reuse
        # Topologically Sorted Source Nodes: [hidden_states_12, pow_4, variance_3, rsqrt_3, hidden_states_13, to_16, hidden_states_14, linear_11], Original ATen: [aten._to_copy, aten.pow, aten.mean, aten.rsqrt, aten.mul, aten.view, aten.t, aten.mm]
        extern_kernels.mm(reinterpret_tensor(buf48, (1, 64), (0, 1), 0), reinterpret_tensor(arg32_1, (64, 128), (1, 64), 0), out=buf49)
        del arg32_1
        assert_size_stride(arg33_1, (128, 64), (64, 1), 'input')
        buf50 = buf23; del buf23  # reuse
        # Topologically Sorted Source Nodes: [linear_12], Original ATen: [aten.view, aten.t, aten.mm]
        extern_kernels.mm(reinterpret_tensor(buf48, (1, 64), (64, 1), 0), reinterpret_tensor(arg33_1, (64, 128), (1, 64), 0), out=buf50)
        del arg33_1
        buf51 = reinterpret_tensor(buf49, (1, 1, 128), (128, 128, 1), 0); del buf49  # reuse
        assert_size_stride(arg34_1, (64, 128), (128, 1), 'input')
        cpp_fused__unsafe_view_mul_silu_6(buf51, buf50)
        del buf50
        buf52 = reinterpret_tensor(buf48, (1, 64), (64, 1), 0); del buf48  # reuse
        # Topologically Sorted Source Nodes: [linear_11, silu_1, linear_12, mul_20, down_proj_1], Original ATen: [aten._unsafe_view, aten.silu, aten.mul, aten.view, aten.t, aten.mm]
        extern_kernels.mm(reinterpret_tensor(buf51, (1, 128), (0, 1), 0), reinterpret_tensor(arg34_1, (128, 64), (1, 128), 0), out=buf52)
        del arg34_1
        del buf51
        buf53 = buf47; del buf47  # reuse
        assert_size_stride(arg36_1, (64, ), (1, ), 'input')
        assert_size_stride(arg35_1, (), (), 'input')
        buf54 = buf46; del buf46  # reuse
        cpp_fused__to_copy__unsafe_view_add_mean_mul_pow_rsqrt_10(buf54, buf52, arg36_1, arg35_1, buf53)
        del arg35_1
        del arg36_1
        del buf52
        del buf53
        buf55 = empty_strided_cpu((1, 49152), (49152, 1), torch.float16)
        # Topologically Sorted Source Nodes: [down_proj_1, hidden_states_15, hidden_states_16, pow_5, variance_4, rsqrt_4, hidden_states_17, to_18, hidden_states_18, hidden_states_19, logits], Original ATen: [aten._unsafe_view, aten.add, aten._to_copy, aten.pow, aten.mean, aten.rsqrt, aten.mul, aten.slice, aten.view, aten.t, aten.mm]
        extern_kernels.mm(reinterpret_tensor(buf54, (1, 64), (0, 1), 0), reinterpret_tensor(arg1_1, (64, 49152), (1, 64), 0), out=buf55)
        del arg1_1
        del buf54
        cpp_fused_add_copy__11(arg12_1, arg26_1, arg12_1, arg26_1)
        del arg12_1
        del arg26_1
        return (reinterpret_tensor(buf55, (1, 1, 49152), (49152, 49152, 1), 0), )

runner = Runner(partitions=[])
call = runner.call
recursively_apply_fns = runner.recursively_apply_fns


def get_args():
    from torch._dynamo.testing import rand_strided
    arg0_1 = rand_strided((1, 1), (1, 1), device='cpu', dtype=torch.int64)
    arg1_1 = rand_strided((49152, 64), (64, 1), device='cpu', dtype=torch.float16)
    arg2_1 = rand_strided((1, 1), (1, 1), device='cpu', dtype=torch.int64)
    arg3_1 = 512
    arg4_1 = rand_strided((1, 1, 1, 512), (512, 512, 512, 1), device='cpu', dtype=torch.bool)
    arg5_1 = rand_strided((8, ), (1, ), device='cpu', dtype=torch.float32)
    arg6_1 = rand_strided((), (), device='cpu', dtype=torch.float64)
    arg7_1 = rand_strided((), (), device='cpu', dtype=torch.float64)
    arg8_1 = rand_strided((64, ), (1, ), device='cpu', dtype=torch.float16)
    arg9_1 = rand_strided((64, 64), (64, 1), device='cpu', dtype=torch.float16)
    arg10_1 = rand_strided((32, 64), (64, 1), device='cpu', dtype=torch.float16)
    arg11_1 = rand_strided((32, 64), (64, 1), device='cpu', dtype=torch.float16)
    arg12_1 = rand_strided((), (), device='cpu', dtype=torch.int64)
    arg13_1 = rand_strided((1, 2, 512, 16), (16384, 8192, 16, 1), device='cpu', dtype=torch.float32)
    arg14_1 = rand_strided((1, 2, 512, 16), (16384, 8192, 16, 1), device='cpu', dtype=torch.float32)
    arg15_1 = rand_strided((64, 64), (64, 1), device='cpu', dtype=torch.float16)
    arg16_1 = rand_strided((), (), device='cpu', dtype=torch.float64)
    arg17_1 = rand_strided((64, ), (1, ), device='cpu', dtype=torch.float16)
    arg18_1 = rand_strided((128, 64), (64, 1), device='cpu', dtype=torch.float16)
    arg19_1 = rand_strided((128, 64), (64, 1), device='cpu', dtype=torch.float16)
    arg20_1 = rand_strided((64, 128), (128, 1), device='cpu', dtype=torch.float16)
    arg21_1 = rand_strided((), (), device='cpu', dtype=torch.float64)
    arg22_1 = rand_strided((64, ), (1, ), device='cpu', dtype=torch.float16)
    arg23_1 = rand_strided((64, 64), (64, 1), device='cpu', dtype=torch.float16)
    arg24_1 = rand_strided((32, 64), (64, 1), device='cpu', dtype=torch.float16)
    arg25_1 = rand_strided((32, 64), (64, 1), device='cpu', dtype=torch.float16)
    arg26_1 = rand_strided((), (), device='cpu', dtype=torch.int64)
    arg27_1 = rand_strided((1, 2, 512, 16), (16384, 8192, 16, 1), device='cpu', dtype=torch.float32)
    arg28_1 = rand_strided((1, 2, 512, 16), (16384, 8192, 16, 1), device='cpu', dtype=torch.float32)
    arg29_1 = rand_strided((64, 64), (64, 1), device='cpu', dtype=torch.float16)
    arg30_1 = rand_strided((), (), device='cpu', dtype=torch.float64)
    arg31_1 = rand_strided((64, ), (1, ), device='cpu', dtype=torch.float16)
    arg32_1 = rand_strided((128, 64), (64, 1), device='cpu', dtype=torch.float16)
    arg33_1 = rand_strided((128, 64), (64, 1), device='cpu', dtype=torch.float16)
    arg34_1 = rand_strided((64, 128), (128, 1), device='cpu', dtype=torch.float16)
    arg35_1 = rand_strided((), (), device='cpu', dtype=torch.float64)
    arg36_1 = rand_strided((64, ), (1, ), device='cpu', dtype=torch.float16)
    arg37_1 = 1
    return [arg0_1, arg1_1, arg2_1, arg3_1, arg4_1, arg5_1, arg6_1, arg7_1, arg8_1, arg9_1, arg10_1, arg11_1, arg12_1, arg13_1, arg14_1, arg15_1, arg16_1, arg17_1, arg18_1, arg19_1, arg20_1, arg21_1, arg22_1, arg23_1, arg24_1, arg25_1, arg26_1, arg27_1, arg28_1, arg29_1, arg30_1, arg31_1, arg32_1, arg33_1, arg34_1, arg35_1, arg36_1, arg37_1]


def benchmark_compiled_module(args, times=10, repeat=10):
    from torch._inductor.utils import print_performance
    fn = lambda: call(list(args))
    return print_performance(fn, times=times, repeat=repeat, device='cpu')


if __name__ == "__main__":
    from torch._inductor.wrapper_benchmark import compiled_module_main
    args = get_args()
    compiled_module_main('None', lambda times, repeat: benchmark_compiled_module(args, times=times, repeat=repeat))
