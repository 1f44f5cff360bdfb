/* SPDX-License-Identifier: MIT */
/* Scrape stage entry points: decode, parse once with libxml2, find the
 * layout or score containers, collect paragraphs and metadata into one
 * arena-owned ct_article; JSON output in the documented key order. */
#include <pthread.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "html/meta.h"
#include "html/netease.h"

typedef struct article_impl {
  ct_article pub; /* first: the public pointer is the impl pointer */
  ct_arena arena;
} article_impl;

/* libxml2 2.9's first xmlInitParser() is not safe against a concurrent
 * first call: run it once for every thread. */
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static void init_libxml(void) { xmlInitParser(); }

typedef struct parse_errors {
  size_t count;
  int last;
  bool too_deep;
} parse_errors;

/* Quiet structured handler: count, never print. */
static void quiet_error(void *ctx, xmlErrorPtr e) {
  parse_errors *pe = ctx;
  if (pe && e) {
    pe->count++;
    pe->last = e->code;
    /* libxml2 2.9 stops descending at 256 levels and says so only in the
     * message of an internal error; later versions have no such limit. */
    if (e->code == XML_ERR_INTERNAL_ERROR && e->message &&
        strstr(e->message, "Excessive depth"))
      pe->too_deep = true;
  }
}

void ct_article_free(ct_article *article) {
  if (!article)
    return;
  article_impl *a = (article_impl *)article;
  ct_arena_release(&a->arena);
  ct_free(a);
}

static const char *dup_or_null(ct_arena *ar, const ct_buf *b, bool *oom) {
  if (b->oom) /* a failed append: the field would be silently missing */
    *oom = true;
  if (!b->len)
    return NULL;
  char *s = ct_arena_strndup(ar, b->data, b->len);
  if (!s)
    *oom = true;
  return s;
}

/* Split text into paragraphs in the arena. */
static bool fill_paragraphs(article_impl *a, const ct_buf *text, size_t n) {
  ct_article *pub = &a->pub;
  const char *src = text->data ? text->data : "";
  char *t = ct_arena_strndup(&a->arena, src, text->len);
  if (!t)
    return false;
  pub->text = t;
  pub->text_len = text->len;
  size_t bytes;
  if (!ct_size_mul(n ? n : 1, sizeof(char *), &bytes))
    return false;
  const char **v = ct_arena_alloc(&a->arena, bytes);
  if (!v)
    return false;
  size_t k = 0, start = 0;
  for (size_t i = 0; i <= text->len && k < n; i++) {
    if (i == text->len || src[i] == '\n') {
      char *p = ct_arena_strndup(&a->arena, src + start, i - start);
      if (!p)
        return false;
      v[k++] = p;
      start = i + 1;
    }
  }
  pub->paragraphs = v;
  pub->n_paragraphs = k;
  return true;
}

/* Body element of the document, else the root. */
static xmlNode *body_of(xmlNode *root) {
  for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
    if (ct_html_is(c, "body"))
      return c;
  return root;
}

/* A person's name rather than an outlet: 2-3 CJK characters without an
 * outlet word. */
static bool looks_person(const char *s) {
  size_t len = strlen(s), chars = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80)
      return false;
    if ((c & 0xC0) != 0x80)
      chars++;
  }
  static const char *const outlet[] = {
      "报",   "网",   "社",   "刊",   "台",   "新闻", "消息",
      "日报", "杂志", "频道", "中心", "时报", "电视", "广播",
      "传媒", "财经", "周末", "之声", "在线", "资讯", NULL};
  for (const char *const *o = outlet; *o; o++)
    if (strstr(s, *o))
      return false;
  return chars >= 2 && chars <= 3;
}

static ct_status build(xmlDoc *doc, const ct_scrape_options *opts,
                       article_impl *a, ct_error *err) {
  ct_html_meta m;
  memset(&m, 0, sizeof m);
  ct_html_body body;
  memset(&body, 0, sizeof body);
  ct_status status = CT_OK;
  bool oom = false;
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  const char *layout = "generic";
  if (root) {
    ct_html_layout lay;
    bool known = false;
    if (!ct_html_meta_scan(root, &m, &lay, &known))
      oom = true;
    if (known)
      layout = lay.name;
    xmlNode *container =
        known && lay.body ? lay.body : ct_html_best_container(body_of(root));
    if (!(known && lay.body) && ct_html_best_container_oom())
      oom = true;
    if (!ct_html_meta_zone(root, container, known ? lay.source : NULL, &m))
      oom = true;
    if (container) {
      const char *title = m.title.len ? m.title.data : NULL;
      if (!ct_html_collect_body(container, m.title_node, title, true, &body))
        oom = true;
      /* When the class filter removed most of the text, a class name
       * fooled it (the article itself was dropped): collect again
       * without it. */
      if (body.filtered_bytes > 150 &&
          body.text.len * 3 < body.filtered_bytes * 2) {
        ct_html_body plain;
        memset(&plain, 0, sizeof plain);
        if (!ct_html_collect_body(container, m.title_node, title, false,
                                  &plain))
          oom = true;
        if (plain.text.len > body.text.len * 2) {
          ct_buf_release(&body.text);
          body = plain;
        } else {
          ct_buf_release(&plain.text);
        }
      }
    }
  }
  if (m.url.oom || m.og_url.oom || m.title.oom || m.doc_title.oom ||
      m.source.oom || m.author.oom || m.meta_source.oom)
    oom = true; /* a failed append: a field would be silently missing */
  ct_article *p = &a->pub;
  p->layout = layout;
  p->url = dup_or_null(&a->arena, &m.url, &oom);
  if (!p->url && opts && opts->url) {
    p->url = ct_arena_strdup(&a->arena, opts->url);
    oom |= p->url == NULL;
  }
  p->title = dup_or_null(&a->arena, &m.title, &oom);
  if (!m.source.len && body.note_source[0] && !looks_person(body.note_source))
    ct_buf_puts(&m.source, body.note_source);
  if (!m.author.len && body.note_source[0] && looks_person(body.note_source))
    ct_buf_puts(&m.author, body.note_source);
  if (!m.author.len && body.author[0])
    ct_buf_puts(&m.author, body.author);
  p->source = dup_or_null(&a->arena, &m.source, &oom);
  p->author = dup_or_null(&a->arena, &m.author, &oom);
  const char *date = ct_html_pick_date(&m);
  char url_date[40];
  /* the page says nothing: a date in its own URL path */
  if (!date && p->url && ct_html_url_date(p->url, url_date))
    date = url_date;
  if (date) {
    p->published = ct_arena_strdup(&a->arena, date);
    oom |= p->published == NULL;
  }
  if (!fill_paragraphs(a, &body.text, body.n))
    oom = true;
  if (oom || body.text.oom)
    status = ct_fail(err, CT_ENOMEM, "scrape", "out of memory");
  ct_buf_release(&body.text);
  ct_html_meta_release(&m);
  return status;
}

ct_status ct_scrape(const char *buf, size_t len, const ct_scrape_options *opts,
                    ct_article **out, ct_error *err) {
  if (!out || (!buf && len))
    return ct_fail(err, CT_EINVAL, "scrape", "no page given");
  *out = NULL;
  size_t cap = opts && opts->max_input_bytes ? opts->max_input_bytes
                                             : CT_MAX_INPUT_BYTES;
  if (cap > CT_MAX_INPUT_BYTES)
    cap = CT_MAX_INPUT_BYTES;
  if (len > cap)
    return ct_fail(err, CT_ELIMIT, "scrape",
                   "page of %zu bytes is over the %zu-byte input limit", len,
                   cap);
  article_impl *a = ct_calloc(1, sizeof *a);
  if (!a)
    return ct_fail(err, CT_ENOMEM, "scrape", "out of memory");
  ct_arena_init(&a->arena);
  ct_buf utf8 = CT_BUF_INIT;
  char name_buf[48];
  const char *charset = "UTF-8";
  size_t replaced = 0;
  xmlDoc *doc = NULL;
  htmlParserCtxtPtr ctxt = NULL;
  const char *html = NULL;
  size_t html_len = 0;
  ct_status st = ct_html_decode(
      buf ? buf : "", len, opts ? opts->charset_hint : NULL, &utf8, name_buf,
      sizeof name_buf, &charset, &replaced, &html, &html_len, err);
  if (st != CT_OK)
    goto fail;
  a->pub.charset = ct_arena_strdup(&a->arena, charset);
  a->pub.n_replaced = replaced;
  if (!a->pub.charset) {
    st = ct_fail(err, CT_ENOMEM, "scrape", "out of memory");
    goto fail;
  }
  if (html_len > (size_t)INT32_MAX) {
    st = ct_fail(err, CT_ELIMIT, "scrape", "decoded page too large");
    goto fail;
  }
  if (html_len) {
    pthread_once(&init_once, init_libxml);
    ctxt = htmlNewParserCtxt();
    if (!ctxt) {
      st = ct_fail(err, CT_ENOMEM, "scrape", "cannot create an HTML parser");
      goto fail;
    }
    parse_errors pe = {0, 0, false};
    /* Per-thread handler, restored after the parse. */
    xmlStructuredErrorFunc old_fn = xmlStructuredError;
    void *old_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(&pe, quiet_error);
    doc = htmlCtxtReadMemory(ctxt, html, (int)html_len,
                             opts && opts->url ? opts->url : NULL, "UTF-8",
                             HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                                 HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_COMPACT);
    xmlSetStructuredErrorFunc(old_ctx, old_fn);
    a->pub.too_deep = pe.too_deep;
  }
  st = build(doc, opts, a, err);
  if (st != CT_OK)
    goto fail;
  if (doc)
    xmlFreeDoc(doc);
  if (ctxt)
    htmlFreeParserCtxt(ctxt);
  ct_buf_release(&utf8);
  *out = &a->pub;
  return CT_OK;
fail:
  if (doc)
    xmlFreeDoc(doc);
  if (ctxt)
    htmlFreeParserCtxt(ctxt);
  ct_buf_release(&utf8);
  ct_article_free(&a->pub);
  return st;
}

char *ct_article_json_dup(const ct_article *a, size_t *len_out) {
  if (!a)
    return NULL;
  ct_buf b = CT_BUF_INIT;
  ct_buf_puts(&b, "{\"url\": ");
  ct_json_cstr(&b, a->url);
  ct_buf_puts(&b, ", \"title\": ");
  ct_json_cstr(&b, a->title);
  ct_buf_puts(&b, ", \"source\": ");
  ct_json_cstr(&b, a->source);
  ct_buf_puts(&b, ", \"author\": ");
  ct_json_cstr(&b, a->author);
  ct_buf_puts(&b, ", \"published\": ");
  ct_json_cstr(&b, a->published);
  ct_buf_puts(&b, ", \"paragraphs\": [");
  for (size_t i = 0; i < a->n_paragraphs; i++) {
    if (i)
      ct_buf_puts(&b, ", ");
    ct_json_cstr(&b, a->paragraphs[i]);
  }
  ct_buf_puts(&b, "], \"text\": ");
  ct_json_str(&b, a->text ? a->text : "", a->text ? a->text_len : 0);
  ct_buf_putc(&b, '}');
  return ct_buf_take(&b, len_out);
}
