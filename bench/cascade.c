/*
 * The straightforward compiled per-node cascade: the reference that the
 * project's structural criticality is measured against (issue 15).
 *
 * For every node x, a work queue of failed nodes and a counter per
 * requirement of how many of its members are down; a requirement with more
 * than its slack of members down takes its owner down. Counters and marks
 * are reset after each cascade by walking what it touched, so a cascade
 * costs what it reaches. No bit tricks, no levels, no threads: what a C
 * programmer writes first. Benchmark-only; built by bench/compiled.py with
 * `gcc -O2` when the benchmark runs.
 *
 * Returns the number of (v, x) pairs with v a vital node in fails(x), v != x;
 * fills down[x] and vital_down[x].
 */
#include <stdint.h>
#include <stdlib.h>

int64_t cascades(int64_t n, int64_t nreq, const int64_t *use_ptr, const int64_t *uses,
                 const int64_t *owner, const int64_t *slack, const uint8_t *vital,
                 int64_t *down, int64_t *vital_down)
{
    int64_t *count = calloc((size_t)nreq, sizeof(int64_t));
    int64_t *touched = malloc((size_t)(nreq > 0 ? nreq : 1) * sizeof(int64_t));
    int64_t *queue = malloc((size_t)(n > 0 ? n : 1) * sizeof(int64_t));
    uint8_t *is_down = calloc((size_t)n, 1);
    int64_t pairs = 0;
    for (int64_t x = 0; x < n; x++) {
        int64_t head = 0, tail = 0, ntouched = 0;
        queue[tail++] = x;
        is_down[x] = 1;
        while (head < tail) {
            int64_t u = queue[head++];
            for (int64_t i = use_ptr[u]; i < use_ptr[u + 1]; i++) {
                int64_t r = uses[i];
                if (count[r] == 0)
                    touched[ntouched++] = r;
                if (++count[r] == slack[r] + 1 && !is_down[owner[r]]) {
                    is_down[owner[r]] = 1;
                    queue[tail++] = owner[r];
                }
            }
        }
        down[x] = tail - 1;
        vital_down[x] = 0;
        for (int64_t i = 1; i < tail; i++)
            vital_down[x] += vital[queue[i]];
        pairs += vital_down[x];
        for (int64_t i = 0; i < tail; i++)
            is_down[queue[i]] = 0;
        for (int64_t i = 0; i < ntouched; i++)
            count[touched[i]] = 0;
    }
    free(count);
    free(touched);
    free(queue);
    free(is_down);
    return pairs;
}
