/* SPDX-License-Identifier: MIT */
/* Scrape stage: metadata passes (meta.c). */
#ifndef CT_HTML_META_H
#define CT_HTML_META_H

#include "html/netease.h"

typedef struct ct_html_meta {
  ct_buf url, og_url, title, doc_title, source, author, meta_source;
  char machine_date[40]; /* data-publishtime, article:published_time ... */
  char zone_date[40];    /* first date after the headline */
  char picked_date[40];  /* storage for ct_html_pick_date */
  xmlNode *title_node;   /* the headline element, when one was found */
} ct_html_meta;

/* One walk over the document: <title>, metas, canonical link, headline,
 * and the NetEase layout (*known true and *lay filled when recognised; its
 * headline element is preferred). */
bool ct_html_meta_scan(xmlNode *root, ct_html_meta *m, ct_html_layout *lay,
                       bool *known);
/* The byline zone between the headline (or the text right before the body)
 * and the body: date, source, author. source_el (may be NULL) is the
 * layout's source element. */
bool ct_html_meta_zone(xmlNode *root, xmlNode *body, const xmlNode *source_el,
                       ct_html_meta *m);
/* The publication time to report (NULL when none). */
const char *ct_html_pick_date(ct_html_meta *m);
void ct_html_meta_release(ct_html_meta *m);

#endif
