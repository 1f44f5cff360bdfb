/* SPDX-License-Identifier: MIT */
/* claimtrack batch API (crawl-scale inputs, ordered worker pool, progress,
 * JSON Lines claims input); included by claimtrack.h after the store API. */
#ifndef CLAIMTRACK_BATCH_H
#define CLAIMTRACK_BATCH_H

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Inputs: files, directories, '-', .gz, WARC / .warc.gz               */
/* ------------------------------------------------------------------ */

/** One input document. Every string is NUL-terminated and owned by the
 * item; `bytes` holds `len` bytes plus a NUL (not part of `len`).
 * An item whose `status` is not CT_OK carries no bytes and `error` says
 * why ("corpus/x.html: No such file or directory"); iteration goes on. */
typedef struct ct_input_item {
  size_t index;             /**< 0-based position in the input order */
  const char *name;         /**< path, "-", or "path#WARC-Target-URI" */
  const char *uri;          /**< WARC-Target-URI, else NULL */
  const char *warc_date;    /**< WARC-Date as written, else NULL */
  const char *record_id;    /**< WARC-Record-ID as written, else NULL */
  const char *charset_hint; /**< charset= of the HTTP Content-Type or NULL */
  const char *bytes;        /**< document bytes (HTTP headers stripped) */
  size_t len;
  ct_status status;  /**< CT_OK, or CT_EIO / CT_ELIMIT / CT_EPARSE ... */
  const char *error; /**< message when status != CT_OK, else NULL */
} ct_input_item;

/** Options for ct_input_iter_new(); initialise with CT_INPUT_OPTIONS_INIT. */
typedef struct ct_input_options {
  /** Largest document (after decompression); 0 = CT_MAX_INPUT_BYTES.
   * A bigger one becomes a CT_ELIMIT error item. */
  size_t max_input_bytes;
  /** Files taken from directories: names ending in one of these
   * (NULL-terminated list, e.g. {".html", ".htm", ".gz", ".warc", NULL});
   * NULL takes every regular file. Names starting with '.' are never
   * taken from directories. Files named explicitly are always read. */
  const char *const *exts;
} ct_input_options;
#define CT_INPUT_OPTIONS_INIT                                                  \
  { 0, NULL }

/** Counters of an input iterator. */
typedef struct ct_input_stats {
  size_t items;           /**< items handed out (documents and errors) */
  size_t errors;          /**< items with status != CT_OK */
  size_t files;           /**< files opened */
  size_t warc_files;      /**< of which WARC (plain or compressed) */
  size_t warc_records;    /**< WARC records seen */
  size_t skipped_records; /**< WARC records that are not an HTML page:
                               warcinfo, request, metadata, revisit,
                               non-2xx or non-HTML responses */
  uint64_t bytes_total;   /**< sizes of the regular files named or found */
  uint64_t bytes_done;    /**< (compressed) bytes of them read so far */
} ct_input_stats;

/** Iterator over documents. Arguments are files, directories (walked
 * recursively in byte-wise sorted order, symlinked directories inside a
 * walk not followed) and "-" (standard input). Any file or stdin may be
 * gzip-compressed; a stream whose (decompressed) bytes start with
 * "WARC/" is read as WARC records: each `response` record with an HTTP
 * 2xx HTML payload becomes an item (chunked and gzip/deflate transfer and
 * content codings removed), every other record is counted in
 * `skipped_records`. Not thread-safe: one thread drives the iterator. */
typedef struct ct_input_iter ct_input_iter;

/** Create an iterator over `args[0..n_args)`; the strings are copied.
 * Directories are listed now (names only), files are read lazily. A path
 * that does not exist is not an error here: it becomes an error item.
 * Errors: CT_ENOMEM, CT_EINVAL (NULL arguments). */
CT_API ct_status ct_input_iter_new(const char *const *args, size_t n_args,
                                   const ct_input_options *opts,
                                   ct_input_iter **out, ct_error *err);

/** The next item in input order, or `*out` = NULL at the end. The item
 * belongs to the caller (ct_input_item_free); it stays valid after later
 * calls and may be handed to another thread. Returns CT_ENOMEM only;
 * unreadable or over-cap inputs are error items, not failures. */
CT_API ct_status ct_input_iter_next(ct_input_iter *it, ct_input_item **out);

CT_API ct_input_stats ct_input_iter_stats(const ct_input_iter *it);
CT_API void ct_input_iter_free(ct_input_iter *it);
CT_API void ct_input_item_free(ct_input_item *item);

/* ------------------------------------------------------------------ */
/* Ordered worker pool                                                 */
/* ------------------------------------------------------------------ */

/** Options for ct_batch_run(); initialise with CT_BATCH_OPTIONS_INIT. */
typedef struct ct_batch_options {
  unsigned jobs; /**< worker threads; 0 = online processors */
  size_t window; /**< most items read but not yet consumed; 0 = 4 * jobs */
} ct_batch_options;
#define CT_BATCH_OPTIONS_INIT                                                  \
  { 0, 0 }

/** What the pool calls. `ctx` is passed to every callback.
 * - init(ctx, worker, &state): once per worker thread, on that thread,
 *   before its first item (e.g. ct_extractor_new on a shared ct_engine).
 *   A non-CT_OK status stops the run with that status.
 * - work(ctx, state, item): for each item whose status is CT_OK, on some
 *   worker thread; returns a result (may be NULL) handed to `consume`.
 * - consume(ctx, item, result): on the thread that called ct_batch_run,
 *   once per item, strictly in input order (item->index 0, 1, 2 ...),
 *   whatever `jobs` is; error items arrive with result NULL. It takes
 *   ownership of `result`. Return true to go on, false to stop early.
 * - drop(ctx, result): frees a result that was computed but will not be
 *   consumed (early stop); may be NULL when results need no freeing.
 * - fini(ctx, state): once per worker, on that thread, at the end. */
typedef struct ct_batch_callbacks {
  void *ctx;
  ct_status (*init)(void *ctx, unsigned worker, void **state);
  void *(*work)(void *ctx, void *state, const ct_input_item *item);
  bool (*consume)(void *ctx, const ct_input_item *item, void *result);
  void (*drop)(void *ctx, void *result);
  void (*fini)(void *ctx, void *state);
} ct_batch_callbacks;

/** Online processors (at least 1). */
CT_API unsigned ct_batch_default_jobs(void);

/** Read every item of `it`, run `work` on `jobs` threads and `consume`
 * the results in input order on the calling thread. At most `window`
 * items are in memory at once. With jobs == 1 everything runs on the
 * calling thread. Returns CT_OK (also after an early stop by consume),
 * the status of a failed `init`, CT_ENOMEM, or CT_EINVAL (pthread
 * failure, bad arguments). */
CT_API ct_status ct_batch_run(const ct_batch_options *opts, ct_input_iter *it,
                              const ct_batch_callbacks *cb, ct_error *err);

/* ------------------------------------------------------------------ */
/* Progress line and summary                                           */
/* ------------------------------------------------------------------ */

/** Progress reporter writing to a file descriptor (normally 2). When the
 * descriptor is a terminal and not quiet, ct_progress_update() redraws one
 * line (at most every 200 ms): pages, pages/s, claims, errors, and an ETA
 * when a total is known. Otherwise updates print nothing. Not
 * thread-safe: call it from the consuming thread. */
typedef struct ct_progress ct_progress;

/** `tty`: -1 detect with isatty(fd), 0 never draw, 1 always draw. */
CT_API ct_status ct_progress_new(int fd, bool quiet, int tty,
                                 ct_progress **out);
/** Set the amount of work, for the ETA: `total` units, `done` so far
 * (e.g. input bytes from ct_input_stats); 0 total = unknown. */
CT_API void ct_progress_set_work(ct_progress *p, uint64_t done, uint64_t total);
/** Add counts for consumed documents and maybe redraw. */
CT_API void ct_progress_add(ct_progress *p, size_t pages, size_t claims,
                            size_t errors);
/** Set the skipped-record count shown in the summary. */
CT_API void ct_progress_set_skipped(ct_progress *p, size_t skipped);
/** Clear the line and print the summary (also when quiet or not a TTY):
 * "claimtrack: N pages, M claims, E errors, S skipped records in T s
 * (R pages/s)\n". */
CT_API void ct_progress_finish(ct_progress *p);
/** The summary line without writing it (static storage of `p`). */
CT_API const char *ct_progress_summary(ct_progress *p);
CT_API void ct_progress_free(ct_progress *p);

/* ------------------------------------------------------------------ */
/* JSON Lines claims input (ingest --from-jsonl)                       */
/* ------------------------------------------------------------------ */

/** Claims of one document read back from `extract` output: consecutive
 * lines with the same "doc". `claims` are owned by the group (and valid
 * until ct_jsonl_doc_free); `sentence_start`/`sentence_end` are 0 (the
 * output does not carry them). */
typedef struct ct_jsonl_doc {
  const char *doc; /**< the "doc" value (may be NULL when it was null) */
  const ct_claim *claims;
  size_t n_claims;
  size_t first_line; /**< 1-based line number of the first claim */
  /** The group's lines as read, each ending in '\n' (NUL-terminated):
   * stable bytes to hash when the article itself is not at hand. */
  const char *lines;
  size_t lines_len;
} ct_jsonl_doc;

typedef struct ct_jsonl_reader ct_jsonl_reader;

/** Read the file at `path` ("-" = standard input). CT_EIO when it
 * cannot be opened (err names the path). */
CT_API ct_status ct_jsonl_open(const char *path, ct_jsonl_reader **out,
                               ct_error *err);
/** Read `len` bytes of memory (copied). */
CT_API ct_status ct_jsonl_open_mem(const char *buf, size_t len,
                                   ct_jsonl_reader **out, ct_error *err);
/** The next group in `*out` (free with ct_jsonl_doc_free), or NULL at the
 * end. A malformed line returns CT_EPARSE with "NAME:LINE: reason" in err
 * and is skipped: call again to go on. Lines that are empty are ignored.
 * CT_EIO on a read error, CT_ELIMIT for a line over 64 MiB. */
CT_API ct_status ct_jsonl_next(ct_jsonl_reader *r, ct_jsonl_doc **out,
                               ct_error *err);
CT_API void ct_jsonl_doc_free(ct_jsonl_doc *doc);
CT_API void ct_jsonl_close(ct_jsonl_reader *r);

#ifdef __cplusplus
}
#endif
#endif
