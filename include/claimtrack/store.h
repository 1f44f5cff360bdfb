/* SPDX-License-Identifier: MIT */
/* claimtrack store API (SQLite fact store, reference packs, verdicts);
 * included by claimtrack.h after the core API. */
#ifndef CLAIMTRACK_STORE_H
#define CLAIMTRACK_STORE_H

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Stage 5: the fact store (one SQLite file)                           */
/* ------------------------------------------------------------------ */

/** An open store: one SQLite connection, used by one thread at a time.
 * Several processes may open the same file at once (WAL, busy timeout,
 * BEGIN IMMEDIATE with a bounded retry). */
typedef struct ct_store ct_store;

/** Open read-only: never creates, migrates or writes the file. */
#define CT_STORE_READ_ONLY 0x1u

/** Open (or create) the store at `path`. An existing file is inspected
 * read-only first: a file that is not a claimtrack store (foreign
 * application_id, not a database, corrupt per `PRAGMA quick_check`) or that
 * has a newer schema version fails with CT_EDB and is left untouched.
 * An older schema is migrated forward in one transaction.
 * Free with ct_store_close. */
CT_API ct_status ct_store_open(const char *path, unsigned flags, ct_store **out,
                               ct_error *err);

/** Close the store; NULL is a no-op. Returns CT_EDB when SQLite refuses to
 * close (a leaked statement). */
CT_API ct_status ct_store_close(ct_store *store);

/** Schema version this library writes (PRAGMA user_version). */
CT_API int ct_store_schema_version(void);

/** What ct_store_ingest did with one article. */
typedef enum ct_ingest_outcome {
  CT_INGEST_ADDED = 0,  /**< a new key: version 1 stored */
  CT_INGEST_UNCHANGED,  /**< same content as the latest version: nothing */
  CT_INGEST_NEW_VERSION /**< the key changed: version n+1 stored */
} ct_ingest_outcome;

/** One article and its claims, as handed to ct_store_ingest. */
typedef struct ct_ingest_input {
  const char *key;     /**< canonical URL, else the path; required */
  const char *content; /**< the bytes hashed (SHA-256) to detect changes; */
  size_t content_len;  /**< NULL = hash article->text */
  const ct_article *article;     /**< metadata and text; required */
  const ct_claim *const *claims; /**< claims with offsets into text */
  size_t n_claims;
  const char *path; /**< file it was read from (names it in check); or NULL */
} ct_ingest_input;

/** Store one article and its claims in one transaction (BEGIN IMMEDIATE,
 * retried a bounded number of times on SQLITE_BUSY). Unchanged content adds
 * nothing. `*version` (may be NULL) receives the stored/latest version.
 * Errors: CT_EINVAL, CT_EDB (with SQLite's extended code in err->native). */
CT_API ct_status ct_store_ingest(ct_store *store, const ct_ingest_input *in,
                                 ct_ingest_outcome *outcome, int *version,
                                 ct_error *err);

/** Group the following ct_store_ingest calls into one transaction (BEGIN
 * IMMEDIATE, bounded retry): inside it each article is a SAVEPOINT, so a
 * failing article rolls back alone and the others stay; nothing is durable
 * before ct_store_commit_batch. A process killed meanwhile loses the
 * uncommitted articles only. CT_EINVAL when a batch is already open. */
CT_API ct_status ct_store_begin_batch(ct_store *store, ct_error *err);

/** Commit the open batch (no-op without one). When SQLite had to roll the
 * whole transaction back (disk full, I/O error), CT_EDB and every article
 * since ct_store_begin_batch is lost; the batch is closed either way. */
CT_API ct_status ct_store_commit_batch(ct_store *store, ct_error *err);

/** Resume check before any scraping: `*found` is true when the latest
 * version of an article whose key or path equals `name`, or whose key
 * equals `key` (may be NULL), has the SHA-256 of content[0..len) (the
 * bytes ct_store_ingest hashed). Works on read-only stores. */
CT_API ct_status ct_store_has_content(ct_store *store, const char *content,
                                      size_t len, const char *name,
                                      const char *key, bool *found,
                                      ct_error *err);

/** True when `err` (filled by a failed store call) is a failure of the
 * store itself: disk full, I/O error, read-only or corrupt file. Further
 * writes would fail the same way, so a batch should stop; what was
 * committed before stays. */
CT_API bool ct_store_unwritable(const ct_error *err);

/** Import a reference pack (CSV, DESIGN.md columns, header required) in one
 * transaction; rows previously imported under the same `pack_name` are
 * replaced. A malformed row fails with CT_ERULE and "NAME:LINE: reason" in
 * err->message, and nothing is imported. */
CT_API ct_status ct_store_import_refs(ct_store *store, const char *pack_name,
                                      const char *csv, size_t len,
                                      size_t *n_rows, ct_error *err);

/** One reference figure. Strings are owned by the result that returned it. */
typedef struct ct_reference {
  const char *subject, *subject_en, *metric, *metric_en, *period;
  bool has_value, has_low, has_high, has_tolerance;
  double value, low, high;
  const char *unit;
  double tolerance; /**< relative (t rows); for % rows: points when set */
  const char *source, *url, *note;
  const char *pack; /**< pack name it was imported from */
  size_t line;      /**< line of the row in the pack */
} ct_reference;

/* ------------------------------------------------------------------ */
/* Stage 6: reconciliation (verdicts, conflicts) and reports           */
/* ------------------------------------------------------------------ */

typedef enum ct_verdict_kind {
  CT_VERDICT_SUPPORTED = 0,
  CT_VERDICT_CONTRADICTED,
  CT_VERDICT_UNVERIFIABLE
} ct_verdict_kind;

/** "supported", "contradicted", "unverifiable" (static). */
CT_API const char *ct_verdict_name(ct_verdict_kind kind);

/** A stored article (the version being judged). */
typedef struct ct_stored_article {
  int64_t id;
  const char *key; /**< canonical URL or path */
  const char *url, *title, *source, *author, *published;
  const char *text;
  size_t text_len;
  int version;
  const char *sha256;      /**< hex content hash */
  const char *ingested_at; /**< ISO-8601 UTC */
  const char *path;        /**< file it was read from, or NULL */
} ct_stored_article;

/** One judged claim. */
typedef struct ct_verdict {
  const ct_stored_article *article;
  ct_claim claim;
  ct_verdict_kind verdict;
  const ct_reference *reference; /**< the one judged against, or NULL */
  bool has_gap;
  double gap;       /**< claim minus reference, in the claim's unit */
  double lo, hi;    /**< the claim's interval (±inf when open) */
  const char *note; /**< one English sentence: why */
} ct_verdict;

/** Two claims from different articles that disagree. */
typedef struct ct_conflict {
  const ct_verdict *a, *b;
  const char *note;
} ct_conflict;

/** Options for ct_store_check; CT_CHECK_OPTIONS_INIT. */
typedef struct ct_check_options {
  const char *rules_dir;   /**< subjects.tsv/metrics.tsv aliases; may be NULL */
  const char *review_date; /**< ClaimReview datePublished; NULL = today */
} ct_check_options;
#define CT_CHECK_OPTIONS_INIT                                                  \
  { NULL, NULL }

/** Result of a check: articles, verdicts, conflicts. */
typedef struct ct_check ct_check;

/** Judge the latest version of the named articles (key, URL or a path
 * suffix; n_articles = 0: every article) against the stored references,
 * and find conflicts among them. A name that matches nothing fails with
 * CT_EINVAL. Free with ct_check_free. */
CT_API ct_status ct_store_check(ct_store *store, const ct_check_options *opts,
                                const char *const *articles, size_t n_articles,
                                ct_check **out, ct_error *err);
CT_API void ct_check_free(ct_check *check);
CT_API size_t ct_check_article_count(const ct_check *check);
CT_API const ct_stored_article *ct_check_article(const ct_check *check,
                                                 size_t i);
CT_API size_t ct_check_verdict_count(const ct_check *check);
CT_API const ct_verdict *ct_check_verdict(const ct_check *check, size_t i);
/** Number of verdicts of one kind. */
CT_API size_t ct_check_count_kind(const ct_check *check, ct_verdict_kind k);
CT_API size_t ct_check_conflict_count(const ct_check *check);
CT_API const ct_conflict *ct_check_conflict(const ct_check *check, size_t i);

/** Every stored reference row, in pack/line order. Free with
 * ct_check_free (the rows live in a ct_check without articles). */
CT_API ct_status ct_store_list_refs(ct_store *store, ct_check **out,
                                    ct_error *err);
CT_API size_t ct_check_reference_count(const ct_check *check);
CT_API const ct_reference *ct_check_reference(const ct_check *check, size_t i);

typedef enum ct_report_format {
  CT_REPORT_TEXT = 0,    /**< aligned table (East Asian widths) */
  CT_REPORT_JSONL,       /**< one JSON object per line */
  CT_REPORT_CSV,         /**< RFC 4180 with a header row */
  CT_REPORT_CLAIMREVIEW, /**< schema.org ClaimReview JSON-LD */
  CT_REPORT_HTML         /**< self-contained audit page */
} ct_report_format;

/** Verdicts as a report. Free with ct_free; NULL on allocation failure or a
 * format that does not apply. */
CT_API char *ct_check_report_dup(const ct_check *check, ct_report_format fmt,
                                 size_t *len_out);
/** Conflicts as text or JSON Lines. Free with ct_free. */
CT_API char *ct_check_conflicts_dup(const ct_check *check, ct_report_format fmt,
                                    size_t *len_out);
/** Reference rows as a text table or CSV. Free with ct_free. */
CT_API char *ct_check_refs_dup(const ct_check *check, ct_report_format fmt,
                               size_t *len_out);

#ifdef __cplusplus
}
#endif
#endif
