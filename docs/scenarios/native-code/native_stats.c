#include "native_stats.h"

#include <math.h>
#include <stdio.h>

double stats_mean(const double *values, size_t count)
{
    if (count == 0) {
        return NAN;
    }
    double total = 0.0;
    for (size_t i = 0; i < count; i++) {
        total += values[i];
    }
    return total / (double)count;
}

void stats_scale(double *values, size_t count, double factor)
{
    for (size_t i = 0; i < count; i++) {
        values[i] *= factor;
    }
}

int stats_describe(const double *values, size_t count, char *out, size_t out_size)
{
    /* snprintf never writes more than out_size bytes, NUL included, and
       accepts out == NULL when out_size is 0. */
    double mean = stats_mean(values, count);
    return snprintf(out, out_size, "n=%zu mean=%g", count, mean);
}
