/*
 * What the kernel charges to supply fresh pages of a sparse file through a shared mapping, touched page by
 * page as Baton's journal pretoucher does (an atomic compare-and-set of 0 to 0 on each page's first int),
 * with the kernel's read-ahead and without it (madvise MADV_RANDOM). Linux only.
 *
 *   cc -O2 -o /tmp/page-supply bench/scripts/page-supply.c
 *   /tmp/page-supply readahead /tmp/page-supply.dat 1; sleep 6; /tmp/page-supply random /tmp/page-supply.dat 1
 *
 * The last argument is the file's size in GiB (default 1). Prints MB of file supplied per CPU-second (user
 * + system) of the touching thread. Run each a few times, a few seconds apart. On a VM whose host takes
 * back the memory the guest frees (free page reporting), what it costs depends on where the pages come
 * from: memory freed a moment before is cheap, memory the host must supply afresh is not.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

static double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 4 || (strcmp(argv[1], "readahead") != 0 && strcmp(argv[1], "random") != 0)) {
        fprintf(stderr, "usage: %s readahead|random FILE [GiB] (FILE is created sparse, deleted after)\n", argv[0]);
        return 2;
    }
    const long gib = argc == 4 ? atol(argv[3]) : 1;
    if (gib < 1 || gib > 64) {
        fprintf(stderr, "GiB: 1 to 64\n");
        return 2;
    }
    const size_t size = (size_t)gib << 30;
    unlink(argv[2]);
    int fd = open(argv[2], O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || ftruncate(fd, size) != 0) {
        perror(argv[2]);
        return 1;
    }
    char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    if (strcmp(argv[1], "random") == 0 && madvise(p, size, MADV_RANDOM) != 0) {
        perror("madvise");
        return 1;
    }
    const double start = cpu_seconds();
    for (size_t at = 0; at < size; at += 4096) {
        __sync_bool_compare_and_swap((int *)(p + at), 0, 0);
    }
    const double used = cpu_seconds() - start;
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    printf("%s: %.0f MB per CPU-second (%ld minor, %ld major faults)\n", argv[1], (size >> 20) / used,
           u.ru_minflt, u.ru_majflt);
    munmap(p, size);
    close(fd);
    unlink(argv[2]);
    return 0;
}
