/* SPDX-License-Identifier: MIT */
/* Scrape stage: site layouts (NetEase) and body collection. */
#ifndef CT_HTML_NETEASE_H
#define CT_HTML_NETEASE_H

#include "html/html.h"

/* Nodes of a recognised layout; any may be NULL. */
typedef struct ct_html_layout {
  const char *name; /* "163-post2020", "163-2019", "163-dy-2019" */
  xmlNode *title;   /* headline element */
  xmlNode *info;    /* the date / source line */
  xmlNode *source;  /* element whose text is the source */
  xmlNode *body;    /* article container */
} ct_html_layout;

/* Recognise a NetEase layout; false when the page is not one. */
bool ct_html_netease(xmlNode *root, ct_html_layout *out);
/* The same as a visitor inside another walk: visit every element (with
 * attributes) outside script/style, then finish. */
typedef struct ct_html_ne_scan {
  xmlNode *post_title, *post_info, *post_body, *ep_left, *time_source;
  xmlNode *ne_source, *end_text, *art_title, *p_time, *content;
} ct_html_ne_scan;
void ct_html_netease_visit(ct_html_ne_scan *sc, xmlNode *n);
bool ct_html_netease_finish(const ct_html_ne_scan *sc, ct_html_layout *out);

/* Paragraphs of an article container (body.c). */
typedef struct ct_html_body {
  ct_buf text;          /* paragraphs joined by '\n' */
  size_t n;             /* number of paragraphs */
  char note_source[96]; /* X of a dropped "来源：X"/"本文来源：X" line */
  char author[64];      /* from （记者 X） in the first paragraphs */
  size_t filtered_bytes; /* text bytes in nodes the class filter dropped */
} ct_html_body;

/* Collect the paragraphs under container: one per block, indents and empty
 * lines dropped, boilerplate nodes (when class_filter) and lines dropped.
 * `skip` (may be NULL) is a node never emitted (the headline); `title` (may
 * be NULL) is dropped when it opens the body. False on OOM. */
bool ct_html_collect_body(xmlNode *container, xmlNode *skip, const char *title,
                          bool class_filter, ct_html_body *out);

#endif
