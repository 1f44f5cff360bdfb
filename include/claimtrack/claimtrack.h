/* SPDX-License-Identifier: MIT */
/* claimtrack public API: scrape articles, extract numeric claims, store and
 * reconcile them. Includes only <stddef.h>, <stdint.h> and <stdbool.h>. */
#ifndef CLAIMTRACK_H
#define CLAIMTRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "claimtrack/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Status, errors, memory                                              */
/* ------------------------------------------------------------------ */

/** Result of every public function that can fail. */
typedef enum ct_status {
  CT_OK = 0,
  CT_ENOMEM,    /**< an allocation failed */
  CT_EINVAL,    /**< bad argument or option */
  CT_EIO,       /**< a file could not be read or written */
  CT_EENCODING, /**< input bytes could not be decoded */
  CT_ELIMIT,    /**< a documented size limit was exceeded */
  CT_ERULE,     /**< a rule pack or reference pack is malformed */
  CT_EDB,       /**< the store failed (SQLite) */
  CT_EPARSE     /**< a document could not be parsed at all */
} ct_status;

/** Static English text for a status; never NULL. Thread-safe. */
CT_API const char *ct_strerror(ct_status status);

/** Details of the last failure of a call that takes a `ct_error *`.
 * `message` is what the user can act on ("rules/zh/share.rules:12: unknown
 * key 'Patern'"); `stage` names the pipeline stage; `offset` is a byte
 * offset into the input or 0; `native` is the dependency's own code. */
typedef struct ct_error {
  ct_status status;
  const char *stage;
  char message[512];
  size_t offset;
  int native;
} ct_error;

/** Allocator hooks (cmark style). All claimtrack allocations go through
 * them; third-party libraries keep their own allocators. */
typedef struct ct_mem {
  void *(*malloc)(size_t size);
  void *(*realloc)(void *ptr, size_t size);
  void (*free)(void *ptr);
} ct_mem;

/** Replace the allocator. Call before any other function; not thread-safe.
 * NULL restores the C library allocator. */
CT_API void ct_set_mem(const ct_mem *mem);

/** Free memory that a `*_dup` function handed to the caller. */
CT_API void ct_free(void *ptr);

/** Library version string, e.g. "0.1.0". */
CT_API const char *ct_version(void);

/* ------------------------------------------------------------------ */
/* Limits                                                              */
/* ------------------------------------------------------------------ */

/** Largest input document accepted (HTML or text), bytes. */
#define CT_MAX_INPUT_BYTES ((size_t)32 * 1024 * 1024)
/** Sentences longer than this are split at a character boundary. */
#define CT_MAX_SENTENCE_BYTES ((size_t)4096)
/** Runs of more digits than this are not parsed as numbers. */
#define CT_MAX_DIGITS 40

/* ------------------------------------------------------------------ */
/* Stage 1: scrape (HTML page -> article)                              */
/* ------------------------------------------------------------------ */

/** A scraped article. Every string is UTF-8, NUL-terminated, owned by the
 * article and valid until ct_article_free(). Unknown fields are NULL. */
typedef struct ct_article {
  const char *url;       /**< canonical or og:url, else NULL */
  const char *title;     /**< headline without site suffix */
  const char *source;    /**< 来源 / publishing account */
  const char *author;    /**< a person, from text such as （记者 X） */
  const char *published; /**< ISO-8601, "+08:00" when a time is known */
  const char *const *paragraphs;
  size_t n_paragraphs;
  const char *text; /**< paragraphs joined by '\n': the claim coordinates */
  size_t text_len;
  const char *charset; /**< charset the page was decoded from */
  size_t n_replaced;   /**< bytes replaced by U+FFFD while decoding */
  const char *layout;  /**< extractor used: "163-post2020", "generic", ... */
  bool too_deep;       /**< the page nests deeper than the HTML parser follows
                            (256 levels in libxml2 2.9): content below is missing */
} ct_article;

/** Options for ct_scrape(); initialise with CT_SCRAPE_OPTIONS_INIT. */
typedef struct ct_scrape_options {
  const char *charset_hint; /**< e.g. from HTTP Content-Type; may be NULL */
  const char *url;          /**< where the page came from; may be NULL */
  size_t max_input_bytes;   /**< 0 = CT_MAX_INPUT_BYTES */
} ct_scrape_options;
#define CT_SCRAPE_OPTIONS_INIT                                                 \
  { NULL, NULL, 0 }

/** Scrape one HTML page of `len` bytes (no NUL terminator needed).
 * On success `*out` is a new article (free with ct_article_free).
 * Errors: CT_ELIMIT (page over the cap), CT_ENOMEM, CT_EPARSE.
 * Corrupt bytes do not fail the page: they become U+FFFD and are counted in
 * `n_replaced`. Thread-safe (no shared mutable state). */
CT_API ct_status ct_scrape(const char *buf, size_t len,
                           const ct_scrape_options *opts, ct_article **out,
                           ct_error *err);

/** Release an article; NULL is a no-op. */
CT_API void ct_article_free(ct_article *article);

/** The article as one JSON object (DESIGN.md "scrape output"), without a
 * trailing newline. Free with ct_free. NULL on allocation failure. */
CT_API char *ct_article_json_dup(const ct_article *article, size_t *len_out);

/* ------------------------------------------------------------------ */
/* Stages 2-4: normalise, segment, rules, attribution -> claims        */
/* ------------------------------------------------------------------ */

typedef enum ct_kind {
  CT_KIND_PERCENT = 0,
  CT_KIND_QUANTITY,
  CT_KIND_MONEY,
  CT_KIND_COUNT,
  CT_KIND_NUMBER,
  CT_KIND_RATIO,
  CT_KIND_YEAR,
  CT_KIND_DATE
} ct_kind;

typedef enum ct_bound {
  CT_BOUND_EQ = 0,
  CT_BOUND_APPROX,
  CT_BOUND_LT,
  CT_BOUND_LE,
  CT_BOUND_GT,
  CT_BOUND_GE,
  CT_BOUND_RANGE
} ct_bound;

/** "percent", "quantity", ...; "eq", "approx", ... (static strings). */
CT_API const char *ct_kind_name(ct_kind kind);
CT_API const char *ct_bound_name(ct_bound bound);

/** One numeric claim. Strings are owned by the ct_doc. */
typedef struct ct_claim {
  size_t start, end; /**< byte span in the input text: text == in[start:end] */
  const char *text;  /**< the span's bytes, NUL-terminated copy */
  ct_kind kind;
  bool has_value, has_low, has_high;
  double value, low, high; /**< exact decimal scaling; percent in points */
  const char *unit;        /**< "%", "t", "CNY", ...; NULL when none */
  ct_bound bound;
  const char *subject; /**< canonical subject (中国) or NULL */
  const char *metric;  /**< what is measured or NULL */
  const char *period;  /**< "2025", "2026-01-12", ... or NULL */
  const char *sentence;
  size_t sentence_start, sentence_end; /**< byte span of the sentence */
  const char *rule;                    /**< id of the rule that matched */
} ct_claim;

/** Counters for one processed document. */
typedef struct ct_doc_stats {
  size_t sentences;
  size_t matches;
  size_t claims;
  size_t rule_limit_hits; /**< rule/sentence pairs skipped at a PCRE2 limit */
  size_t replaced_bytes;  /**< invalid UTF-8 bytes repaired to U+FFFD */
} ct_doc_stats;

/** Compiled rule pack plus lexicons; immutable once built and shareable
 * between threads. */
typedef struct ct_engine ct_engine;

/** Load and compile the rule pack in directory `rules_dir` (all *.rules and
 * *.tsv files). A broken pack loads nothing: CT_ERULE with "file:line:
 * reason" in err->message. Free with ct_engine_free. */
CT_API ct_status ct_engine_new(const char *rules_dir, ct_engine **out,
                               ct_error *err);
CT_API void ct_engine_free(ct_engine *engine);

/** Run every Example/Expect pair of the engine's pack. Failures are
 * described one per line in `*report` (free with ct_free; may be NULL when
 * all pass). `*n_failed` / `*n_total` count the pairs. */
CT_API ct_status ct_engine_selftest(const ct_engine *engine, size_t *n_total,
                                    size_t *n_failed, char **report);

/** Per-thread working state (match data, JIT stack, break iterators).
 * One extractor is used by one thread at a time. */
typedef struct ct_extractor ct_extractor;
CT_API ct_status ct_extractor_new(const ct_engine *engine, ct_extractor **out,
                                  ct_error *err);
CT_API void ct_extractor_free(ct_extractor *ex);

/** Options for one extraction; CT_EXTRACT_OPTIONS_INIT. */
typedef struct ct_extract_options {
  const char *published; /**< article date (ISO-8601) for year-less dates */
  const char *doc;       /**< document name carried into output; may be NULL */
} ct_extract_options;
#define CT_EXTRACT_OPTIONS_INIT                                                \
  { NULL, NULL }

/** Result of extracting one document. */
typedef struct ct_doc ct_doc;

/** Extract claims from UTF-8 text (invalid bytes are tolerated). Offsets
 * in the claims are into `text` as given. Free with ct_doc_free. */
CT_API ct_status ct_extract_text(ct_extractor *ex, const char *text, size_t len,
                                 const ct_extract_options *opts, ct_doc **out,
                                 ct_error *err);
CT_API void ct_doc_free(ct_doc *doc);
CT_API size_t ct_doc_claim_count(const ct_doc *doc);
/** Claim i (0-based, in text order) or NULL when out of range. */
CT_API const ct_claim *ct_doc_claim(const ct_doc *doc, size_t i);
CT_API ct_doc_stats ct_doc_get_stats(const ct_doc *doc);

/** A claim as one JSON object (DESIGN.md "extract output") with `doc` as
 * given (may be NULL), no trailing newline. Free with ct_free. */
CT_API char *ct_claim_json_dup(const ct_claim *claim, const char *doc,
                               size_t *len_out);

#ifdef __cplusplus
}
#endif

#include "claimtrack/store.h"
#include "claimtrack/batch.h"

#endif
