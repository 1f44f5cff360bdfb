/* SPDX-License-Identifier: MIT */
/* Private header of the store stage (SQLite store, reference packs,
 * reconciliation); the report stage reads ct_check through it. */
#ifndef CT_STORE_INT_H
#define CT_STORE_INT_H

#include <sqlite3.h>

#include "claimtrack/claimtrack.h"
#include "util/util.h"

/* "ClTk": PRAGMA application_id of a claimtrack store. */
#define CT_STORE_APP_ID 0x436C546B
/* Schema version written by this build (PRAGMA user_version). */
#define CT_STORE_SCHEMA_VERSION 3
/* BEGIN IMMEDIATE attempts before giving up with CT_EDB. */
#define CT_STORE_BUSY_RETRIES 6

struct ct_store {
  sqlite3 *db;
  bool read_only;
  bool in_batch;   /* ct_store_begin_batch: articles are SAVEPOINTs */
  bool batch_lost; /* SQLite rolled the batch back: commit reports it */
};

/* ---- sha256.c ---- */
void ct_sha256(const void *data, size_t len, unsigned char out[32]);
void ct_sha256_hex(const void *data, size_t len, char out[65]);

/* ---- store.c ---- */
/* Fill err from the connection's last error: "what: sqlite message". */
ct_status ct_store_fail_sql(ct_error *err, sqlite3 *db, int rc,
                            const char *what);
/* Run a script of ';'-separated statements through prepare/step. */
int ct_store_exec(sqlite3 *db, const char *sql);
/* BEGIN IMMEDIATE with bounded retry on SQLITE_BUSY. */
int ct_store_begin(sqlite3 *db);
/* Bring an open connection from its user_version up to `target`. */
ct_status ct_store_migrate(sqlite3 *db, int target, ct_error *err);
/* Name tables for the stored kind/bound columns. */
const char *ct_store_kind_name(ct_kind k);
const char *ct_store_bound_name(ct_bound b);
bool ct_store_kind_parse(const char *s, ct_kind *k);
bool ct_store_bound_parse(const char *s, ct_bound *b);

/* ---- refs.c ---- */
/* Parse a reference pack; rows are allocated in `arena`. On a malformed
 * row: CT_ERULE, "name:line: reason". */
ct_status ct_store_parse_refs(const char *name, const char *csv, size_t len,
                              ct_arena *arena, ct_reference **rows,
                              size_t *n_rows, ct_error *err);

/* ---- reconcile.c ---- */
typedef struct ct_lexicon {
  char **alias, **canon; /* arena strings */
  size_t n, cap;
} ct_lexicon;

/* What a metric phrase measures, decomposed into comparable facets. */
typedef struct ct_facets {
  int commodity; /* 0 unknown, 1 rare earths, ... */
  int stage;     /* reserves, mining, processing, magnets, supply, ... */
  int measure;   /* output, capacity, quota, stock, utilisation, ... */
  int form;      /* level, share, growth, rate */
  int scope;     /* all, medium/heavy, light, magnet */
  bool projected;
} ct_facets;

enum { CT_MEASURE_NONE = 0, CT_MEASURE_OUTPUT, CT_MEASURE_CAPACITY };

void ct_reconcile_facets(const char *metric, const char *context,
                         const char *unit, ct_facets *out);
/* Facets of a claim: its metric, the commodity from the sentence when the
 * metric names none, the scope from the nearest mention before it. */
void ct_reconcile_claim_facets(const ct_claim *c, const char *metric,
                               ct_facets *out);
/* Precision half-width implied by the written number (last written digit
 * ±half its place value), from the claim text and its scaled value. */
double ct_reconcile_half_unit(const char *text, double value);
/* The claim's interval; false when it has no number to compare. */
bool ct_reconcile_interval(const ct_claim *c, double *lo, double *hi);
/* Tolerance (absolute, in the reference's unit) of one reference row. */
double ct_reconcile_tolerance(const ct_reference *r);
/* A reference row's comparison key, computed once per check. */
typedef struct ct_ref_key {
  const char *subject; /* canonical */
  ct_facets f;
  int year;
} ct_ref_key;
void ct_reconcile_ref_keys(const ct_lexicon *subjects,
                           const ct_lexicon *metrics, const ct_reference *refs,
                           size_t n_refs, ct_ref_key *keys);
/* Judge one claim against references whose keys are precomputed. */
void ct_reconcile_judge_keyed(const ct_lexicon *subjects,
                              const ct_lexicon *metrics,
                              const ct_stored_article *article,
                              const ct_reference *refs, const ct_ref_key *keys,
                              size_t n_refs, ct_arena *arena, ct_verdict *v);
/* Judge one claim against references (computes the keys). */
void ct_reconcile_judge(const ct_lexicon *subjects, const ct_lexicon *metrics,
                        const ct_stored_article *article,
                        const ct_reference *refs, size_t n_refs,
                        ct_arena *arena, ct_verdict *v);
/* Load "alias TAB canonical" lines; a missing file is an empty lexicon. */
ct_status ct_lexicon_load(ct_lexicon *lx, ct_arena *arena, const char *path,
                          ct_error *err);
const char *ct_lexicon_canon(const ct_lexicon *lx, const char *s);

struct ct_check {
  ct_arena arena;
  ct_stored_article *articles;
  size_t n_articles;
  ct_verdict *verdicts;
  size_t n_verdicts;
  ct_conflict *conflicts;
  size_t n_conflicts;
  ct_reference *refs;
  size_t n_refs;
  char review_date[32];
};

/* Find conflicts among the verdicts of `check` (fills check->conflicts). */
ct_status ct_reconcile_conflicts(ct_check *check, const ct_lexicon *subjects,
                                 const ct_lexicon *metrics);

#endif
