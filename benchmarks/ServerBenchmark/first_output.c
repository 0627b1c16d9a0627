/* first-output: the task app of benchmarks/server-run's launch overhead. Its first
 * instruction reads CLOCK_MONOTONIC (one clock for every process on this machine); it then
 * writes that time, in nanoseconds, to the file named by its --stamp=PATH argument and exits 0.
 * Started by dataflow-server (through dataflow-task-supervisor) and directly by the benchmark,
 * it tells when the app began to run. Other arguments (the server's launch contract) are ignored.
 * The file is written under a temporary name and renamed, so a reader never sees it half done. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--stamp=", 8) == 0) path = argv[i] + 8;
    }
    if (path == NULL) {
        static const char usage[] = "usage: first-output --stamp=PATH\n";
        write(2, usage, sizeof usage - 1);
        return 2;
    }
    char text[32], temporary[4096];
    int length = snprintf(text, sizeof text, "%lld\n", (long long)now.tv_sec * 1000000000LL + now.tv_nsec);
    snprintf(temporary, sizeof temporary, "%s.tmp", path);
    int fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, (size_t)length) != length || close(fd) != 0 || rename(temporary, path) != 0) {
        perror("first-output");
        return 1;
    }
    return 0;
}
