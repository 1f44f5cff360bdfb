/* SPDX-License-Identifier: MIT */
/* Private interface of the scrape stage (extract/html): charset sniffing and
 * decoding, tree helpers, date and title parsing, content extraction. */
#ifndef CT_HTML_H
#define CT_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <libxml/tree.h>

#include "util/util.h"

/* ---- charset.c ---- */
/* Name of the charset the page is in: "UTF-8", "UTF-16LE", "UTF-16BE",
 * "GB18030" or another declared label copied into out[cap]. Order: BOM,
 * valid UTF-8 bytes, the hint, a meta declaration in <head>, GB18030.
 * *bom_len receives the length of a byte order mark to skip. */
const char *ct_html_sniff(const char *buf, size_t len, const char *hint,
                          char *out, size_t cap, size_t *bom_len);
/* Map a charset label to the converter name used for it (gb2312, gbk,
 * x-gbk, gb_2312-80 ... -> "GB18030"; utf8 -> "UTF-8"); NULL if empty. */
const char *ct_html_charset_canon(const char *label, size_t len, char *out,
                                  size_t cap);
/* Decode the page to UTF-8 with every invalid sequence replaced by U+FFFD
 * (counted in *n_replaced) and NUL bytes dropped. The result is
 * data[0..*data_len): a view into buf when the page is clean UTF-8 already,
 * else out's bytes. *charset points to a static name or into name_buf. */
ct_status ct_html_decode(const char *buf, size_t len, const char *hint,
                         ct_buf *out, char *name_buf, size_t name_cap,
                         const char **charset, size_t *n_replaced,
                         const char **data, size_t *data_len, ct_error *err);

/* ---- dom.c ---- */
/* Iterative document-order walk with enter and exit events. Start with
 * node = root, entering = true; each call moves to the next event. With
 * descend false the children of an entered node are skipped. */
typedef struct ct_html_walk {
  xmlNode *root;
  xmlNode *node;
  bool entering;
} ct_html_walk;
void ct_html_walk_init(ct_html_walk *w, xmlNode *root);
bool ct_html_walk_next(ct_html_walk *w, bool descend);

/* strcmp(a, b) == 0 with the first bytes compared inline: most names
 * differ there, which spares the call. */
static inline bool ct_html_streq(const char *a, const char *b) {
  return a[0] == b[0] && strcmp(a, b) == 0;
}
bool ct_html_is(const xmlNode *n, const char *tag);
const char *ct_html_attr(const xmlNode *n, const char *name);
/* True when the space-separated class list contains `cls`. */
bool ct_html_has_class(const xmlNode *n, const char *cls);
/* True when class or id contains `sub` (case-insensitive substring). */
bool ct_html_classid_contains(const xmlNode *n, const char *sub);
bool ct_html_id_is(const xmlNode *n, const char *id);
/* Never text: script, style, iframe, form controls, ... */
bool ct_html_is_skipped_tag(const xmlNode *n);
/* display:none, visibility:hidden, hidden attribute or hidden class. */
bool ct_html_is_hidden(const xmlNode *n);
/* Elements that start a new line (p, div, li, td, br, h1...). */
bool ct_html_is_block(const xmlNode *n);
/* Boilerplate inside an article container: ads, share bars, statements,
 * related boxes, original-title lines, editor lines, video placeholders. */
bool ct_html_is_boilerplate(const xmlNode *n);
/* True when a class/id value has a token (split at non-alphanumerics,
 * lowercased) in the NULL-terminated list; "x*" matches a prefix. */
bool ct_html_token_match(const char *v, const char *const *tokens);
/* Visible text of a subtree, whitespace collapsed, trimmed; into b. */
bool ct_html_text(const xmlNode *n, ct_buf *b);
/* First element in document order under root matching tag (may be NULL)
 * and class (may be NULL) and id (may be NULL). */
xmlNode *ct_html_find(xmlNode *root, const char *tag, const char *cls,
                      const char *id);
/* Whitespace per HTML plus nbsp and U+3000; *n = bytes of it at s. */
size_t ct_html_space_len(const unsigned char *s, size_t len);
/* Copy s collapsing runs of whitespace to one space and trimming ends. */
bool ct_html_put_collapsed(ct_buf *b, const char *s, size_t len);

/* ---- date.c ---- */
/* Find the first publication-like date in UTF-8 text: 2019-09-07 13:43:45,
 * 2019年11月25日 18:57, 2005-5-7 21:23:57, 2019/05/17, ISO 8601 with a
 * zone. Writes ISO-8601 into out ("2019-05-17" or
 * "2019-11-25T18:57:00+08:00"); pos and end give the match. */
bool ct_html_find_date(const char *s, size_t len, char out[40], size_t *pos,
                       size_t *end);
/* Parse a machine date (meta content, data-publishtime, datetime attr):
 * ISO 8601 or the text formats; epoch seconds/milliseconds too. */
bool ct_html_parse_machine_date(const char *s, char out[40]);

/* Date-only publication date from a URL path (/2019-11-25/, /2019/11/25/,
 * /2019-12/10/, /2019/0615/, /201911/25/, /20191125/): "2019-11-25". */
bool ct_html_url_date(const char *url, char out[40]);

/* ---- meta.c ---- */
/* Strip site suffixes from a <title> text in place ("..._网易新闻",
 * "...-新华网", "...|公园_新浪新闻", "...--文化--人民网"). */
size_t ct_html_clean_title(char *s, size_t len);

/* ---- content.c ---- */
/* Score containers by text density, link density and punctuation; the best
 * article container under root or NULL. Iterative. */
xmlNode *ct_html_best_container(xmlNode *root);
/* True when the last ct_html_best_container() on this thread ran out of
 * memory (its result is then not to be used). */
bool ct_html_best_container_oom(void);
/* Counters used by the scorer, exposed for tests. */
typedef struct ct_html_textstat {
  size_t chars; /* non-space code points */
  size_t punct; /* sentence punctuation */
} ct_html_textstat;
void ct_html_count_text(const char *s, size_t len, ct_html_textstat *st);
/* True when a paragraph line is boilerplate (原标题, 责任编辑, 特别声明,
 * pager, share...). */
bool ct_html_is_boilerplate_line(const char *s, size_t len);

#endif
