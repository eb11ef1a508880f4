/* native_stats: the small C library of "Interfacing with C, C++ and Rust". */
#ifndef NATIVE_STATS_H
#define NATIVE_STATS_H

#include <stddef.h>

/* The mean of count values; NaN when count is 0. */
double stats_mean(const double *values, size_t count);

/* Scale count values in place by factor. */
void stats_scale(double *values, size_t count, double factor);

/* Write a one-line summary such as "n=3 mean=2.5" into out, which holds
   out_size bytes, always NUL-terminated when out_size > 0. Returns the length
   the whole summary needs, without the NUL, as snprintf does: a result
   >= out_size means it was cut short. */
int stats_describe(const double *values, size_t count, char *out, size_t out_size);

#endif
