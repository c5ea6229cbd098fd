/*
 * What the kernel charges to supply fresh pages of a sparse file through a shared mapping, touched page by
 * page as Baton's journal pretoucher does (an atomic compare-and-set of 0 to 0 on each page's first int),
 * with the kernel's read-ahead and without it (madvise MADV_RANDOM). Linux only.
 *
 *   cc -O2 -o /tmp/page-supply bench/scripts/page-supply.c
 *   /tmp/page-supply readahead /tmp/page-supply.dat; sleep 6; /tmp/page-supply random /tmp/page-supply.dat
 *
 * Prints MB of file supplied per CPU-second (user + system) of the touching thread. Run each a few times,
 * a few seconds apart: memory freed by one run and reused by the next at once comes cheaper.
 */
#include <fcntl.h>
#include <stdio.h>
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
    if (argc != 3 || (strcmp(argv[1], "readahead") != 0 && strcmp(argv[1], "random") != 0)) {
        fprintf(stderr, "usage: %s readahead|random FILE (created, 1 GiB sparse, deleted after)\n", argv[0]);
        return 2;
    }
    const size_t size = (size_t)1 << 30;
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
