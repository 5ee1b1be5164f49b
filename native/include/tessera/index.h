/* index.h: gather, scatter, index_select and the accumulating scatter_add and index_add
 * (the backward of gather and index_select). Indices are TS_I64; an index outside
 * [-size, size) of the indexed dimension fails with TS_ERR_INVALID naming the index and the
 * size (negative indices count from the end). No partial result is promised on failure. */
#ifndef TESSERA_INDEX_H
#define TESSERA_INDEX_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* out[..i..] = x[..index[..i..]..] along `dim` (torch.gather). The iteration shape is the shape
 * of index (and out). meta: index shape, x strides, index strides, out strides.
 * x_dim_size is x's size along dim. */
int ts_gather(int dtype, int ndim, int dim, const int64_t *meta, const void *x, int64_t x_dim_size,
              const int64_t *index, void *out);

/* out[..index[..i..]..] = src[..i..] along `dim` (torch.scatter, no reduction; the caller has
 * already copied the original values into out). The iteration shape is index's shape.
 * meta: index shape, src strides, index strides, out strides. out_dim_size is out's size
 * along dim. */
int ts_scatter(int dtype, int ndim, int dim, const int64_t *meta, const void *src,
               const int64_t *index, void *out, int64_t out_dim_size);

/* out = x.index_select(dim, index): the iteration shape is out's shape, whose `dim` extent is
 * n_index. index is a contiguous 1-D array. meta: out shape, x strides, out strides. */
int ts_index_select(int dtype, int ndim, int dim, const int64_t *meta, const void *x,
                    int64_t x_dim_size, const int64_t *index, int64_t n_index, void *out);

/* out[..index[..i..]..] += src[..i..] along `dim` (torch.scatter_add_; the caller has already
 * copied the base values into out). Same meta layout, iteration shape and range checks as
 * ts_scatter. Repeated indices accumulate: the kernel runs on one thread in row-major order of
 * index, so the result is deterministic. Every dtype; integers wrap, BOOL adds as logical or. */
int ts_scatter_add(int dtype, int ndim, int dim, const int64_t *meta, const void *src,
                   const int64_t *index, void *out, int64_t out_dim_size);

/* out.index_add_(dim, index, src): out[.., index[i], ..] += src[.., i, ..] for a contiguous 1-D
 * index of n_index entries. The iteration shape is src's shape, whose `dim` extent must be
 * n_index (a 0-d src takes exactly one index). meta: src shape, src strides, out strides.
 * out_dim_size is out's size along dim. Every index is checked before anything is written;
 * repeated indices accumulate in order. Every dtype, as ts_scatter_add. */
int ts_index_add(int dtype, int ndim, int dim, const int64_t *meta, const void *src,
                 const int64_t *index, int64_t n_index, void *out, int64_t out_dim_size);

#ifdef __cplusplus
}
#endif
#endif
