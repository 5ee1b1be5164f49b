/* index.h: gather, scatter and index_select. Indices are TS_I64; an index outside
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

#ifdef __cplusplus
}
#endif
#endif
