/* tessera.h: the whole flat C ABI of the CPU library; the JavaCPP bridge includes only this. */
#ifndef TESSERA_H
#define TESSERA_H
#include "common.h"
#include "memory.h"
#include "elementwise.h"
#include "reduce.h"
#include "index.h"
#include "loss.h"
#include "optim.h"
#include "gemm.h"
#include "cpu.h"
#include "threads.h"
#include "peak.h"
#include "conv.h"
#include "pool.h"
#include "norm.h"
#include "rnn.h"
#endif
