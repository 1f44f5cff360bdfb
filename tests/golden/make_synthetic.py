#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Regenerate corpus/pages/synthetic-*.html and their *.expected.json.

The pages are built by hand for layouts and traps the real pages do not
cover (see corpus/pages/SYNTHETIC.md). Bodies, titles, times and sources in
the labels are the text written into the markup below, not scraper output.
usage: make_synthetic.py [PAGES_DIR]
"""
import json
import os
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "..", "corpus", "pages")


def label(pid, site, layout, title, published, source, body, author=None,
          without=(), charset_declared=None, charset_actual="utf-8",
          group="netease", url=None):
    return {
        "id": pid, "group": group, "site": site, "kind": "synthetic",
        "origin": {"repo": None, "path": "tests/golden/make_synthetic.py",
                   "commit": None},
        "label_origin": "synthetic", "layout": layout,
        "url": url, "title": title, "published": published, "source": source,
        "author": author, "body": "\n".join(body), "with": [],
        "without": list(without), "charset_declared": charset_declared,
        "charset_actual": charset_actual,
    }


def write(pid, html, enc, lab):
    data = html.encode(enc) if isinstance(html, str) else html
    lab["bytes"] = len(data)
    with open(os.path.join(OUT, pid + ".html"), "wb") as f:
        f.write(data)
    with open(os.path.join(OUT, pid + ".expected.json"), "w",
              encoding="utf-8") as f:
        json.dump(lab, f, ensure_ascii=False, indent=2)
        f.write("\n")


def paras(body, indent="\u3000\u3000"):
    return "".join("<p>%s%s</p>\n" % (indent, p) for p in body)


NAV = """<div class="nav"><a href="/">首页</a> <a href="/news">新闻</a>
<a href="/money">财经</a> <a href="/tech">科技</a></div>"""
HOT = """<div class="side"><h3>热点推荐</h3><ul>
<li><a href="/a1">某公司砸40亿布局稀土 股价涨停</a><span>2018-03-01 10:00</span></li>
<li><a href="/a2">6545文章数的账号又出爆款</a><span>2018-03-02 11:00</span></li>
<li><a href="/a3">专家：产能利用率不足45%的背后</a><span>2018-03-03 12:00</span></li>
</ul></div>"""

# 1. GBK bytes under a gb2312 label, with GBK-only characters (镕 E9 46,
#    喆, 堃) before the figure 72%: libxml2 2.9 alone truncates here.
b1 = ["朱镕基同志当年主持的稀土产业调研报告近日再次被引用。",
      "报告称，全球稀土冶炼分离产能中，中国占比高达72%，海外产能利用率还不足45%。",
      "研究员王喆和李堃表示，这一格局短期内难以改变。",
      "（记者 张伟）"]
b1_truth = b1[:3] + ["（记者 张伟）"]
html1 = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>稀土产业格局调查_网易新闻</title>
<script src="http://static.example.com/a.js" charset="utf-8"></script>
</head><body>%s
<div id="epContentLeft"><h1>稀土产业格局调查</h1>
<div class="post_time_source">2019-03-08 10:21:05　来源: <a id="ne_article_source" href="#">经济观察报</a></div>
<div class="post_body"><div id="endText">
<p class="otitle">（原标题：稀土格局调查）</p>
%s
<div class="gg200x300"><a href="#">广告 砸40亿</a></div>
<div class="ep-source cDGray"><span class="left">本文来源：经济观察报</span>
<span class="ep-editor">责任编辑：王五_NB1234</span></div>
</div></div></div>%s</body></html>""" % (NAV, paras(b1), HOT)
write("synthetic-gbk-lying-label", html1, "gb18030", label(
    "synthetic-gbk-lying-label", "news.163.com", "163-2019", "稀土产业格局调查",
    "2019-03-08T10:21:05+08:00", "经济观察报", b1_truth, author="张伟",
    without=["原标题", "责任编辑", "本文来源", "砸40亿", "6545", "热点推荐"],
    charset_declared="gb2312", charset_actual="gb18030"))

# 2. Hidden nodes inside the body of a generic page (UTF-8, no label).
b2 = ["今年一季度，全市规模以上工业增加值同比增长6.5%，增速比去年同期加快0.8个百分点。",
      "其中，高技术制造业增加值增长12.3%，占规模以上工业的比重为15.1%。",
      "市统计局有关负责人表示，工业经济运行总体平稳，结构继续优化。"]
html2 = """<!DOCTYPE html><html><head><title>一季度工业经济运行平稳-某某日报</title>
<meta name="author" content="某某日报"></head><body>%s
<div class="article"><h1 class="article-title">一季度工业经济运行平稳</h1>
<div class="info">发布时间：2021年04月16日 09:30　来源：某某日报</div>
<div class="article-content">
<p>%s</p>
<p style="display: none">隐藏段落：增长99%%的假数字</p>
<p>%s</p>
<span style="visibility:hidden">不可见的88%%</span>
<div hidden>hidden 属性里的77%%</div>
<div class="hidden">隐藏类里的66%%</div>
<p>%s</p>
</div></div>%s
<span style="display:none">2021-04-20 11:44:49</span>
</body></html>""" % (NAV, b2[0], b2[1], b2[2], HOT)
write("synthetic-hidden-nodes", html2, "utf-8", label(
    "synthetic-hidden-nodes", "example.gov.cn", None, "一季度工业经济运行平稳",
    "2021-04-16T09:30:00+08:00", "某某日报", b2, group="zh-news",
    without=["99%", "88%", "77%", "66%", "热点推荐", "6545"]))

# 3. NetEase 2019 dy layout (div.article_title h2, p.time, #content),
#    declared gb2312, bytes UTF-8, 特别声明 after the body.
b3 = ["　　下周起，", "　　城区主干道将分段封闭施工，", "　　预计工期为30天。",
      "　　<strong>注意：</strong>公交线路同步调整。"]
b3_truth = ["下周起，", "城区主干道将分段封闭施工，", "预计工期为30天。",
            "注意：公交线路同步调整。"]
html3 = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>城区主干道分段封闭施工_网易订阅</title>
<meta name="author" content="网易"></head><body>%s
<div class="article_title"><h2>
 城区主干道分段封闭施工
</h2><div class="share_box"><p class="time"><span>2019-06-03</span>
<span class="point"> · </span><span>城市交通观察</span></p></div></div>
<div class="article_box"><div class="content" id="content" data-cover="">
%s
<p class="f_center">　　<img src="x.jpg"><br></p>
</div>
<div class="statement"><p>特别声明：本文为网易自媒体平台“网易号”作者上传并发布，仅代表该作者观点。</p>
<p>Notice: The content above (including the pictures and videos if any) is uploaded and posted by a user of NetEase Hao.</p></div>
</div>%s</body></html>""" % (NAV, paras(b3, ""), HOT)
write("synthetic-163-dy2019", html3, "utf-8", label(
    "synthetic-163-dy2019", "dy.163.com", "163-dy-2019", "城区主干道分段封闭施工",
    "2019-06-03", "城市交通观察", b3_truth,
    without=["特别声明", "Notice: The content above", "热点推荐"],
    charset_declared="gb2312"))

# 4. A 2005 NetEase table page in GBK with no charset label at all.
b4 = ["本报讯 记者从市物价局获悉，今年前四个月全市居民消费价格同比上涨2.1%。",
      "其中，食品类价格上涨4.6%，居住类价格上涨1.2%。",
      "物价部门表示，将继续加强市场监测。"]
html4 = """<HTML><HEAD><TITLE>前四月居民消费价格上涨2.1%%_网易新闻中心</TITLE></HEAD>
<BODY><TABLE width=760><TR><TD>%s</TD></TR>
<TR><TD align=center><H1>前四月居民消费价格上涨2.1%%</H1></TD></TR>
<TR><TD class=graysl>2005-5-7 21:23:57　来源:<FONT color=#D73727>某某晚报</FONT></TD></TR>
<TR><TD><SPAN class=grayb>%s</SPAN></TD></TR>
<TR><TD>%s</TD></TR></TABLE></BODY></HTML>""" % (
    NAV, "".join("<P>&nbsp;&nbsp;&nbsp;&nbsp;%s</P>\n" % p for p in b4), HOT)
write("synthetic-163-table2005", html4, "gb18030", label(
    "synthetic-163-table2005", "news.163.com", None, "前四月居民消费价格上涨2.1%",
    "2005-05-07T21:23:57+08:00", "某某晚报", b4,
    without=["热点推荐", "砸40亿"], charset_actual="gb18030"))

# 5. Post2020 layout with boilerplate inside the body container: 原标题,
#    video placeholder, 延伸阅读 box, ad, 责任编辑; UTF-8 with a BOM and a
#    lying gbk label; published only in data-publishtime.
b5 = ["当地时间5日，某国央行宣布将基准利率下调25个基点至3.5%。",
      "分析人士认为，此举旨在应对经济放缓压力。",
      "数据显示，该国二季度GDP同比增长1.2%，低于市场预期的1.8%。"]
html5 = "\ufeff" + """<!DOCTYPE html><html data-publishtime="2023-07-06 08:15:30"><head>
<meta charset="gbk"><title>某国央行降息25个基点_网易</title>
<meta property="og:title" content="某国央行降息25个基点">
<link rel="canonical" href="https://www.163.com/dy/article/SYNTH0001.html">
</head><body>%s
<h1 class="post_title">某国央行降息25个基点</h1>
<div class="post_info">来源: <a href="#">环球财经观察</a></div>
<div class="post_content"><div class="post_body">
<p>（原标题：央行降息）</p>
<div class="video-placeholder">视频加载中...</div>
<p>%s</p><p>%s</p>
<div class="ad_slot"><a href="#">广告：年化收益9.9%%</a></div>
<p>%s</p>
<p><br></p>
<div class="extend"><p>延伸阅读</p><ul><li><a href="/x">去年该国曾加息50个基点</a></li></ul></div>
<p>责任编辑：李四</p>
</div>
<div class="post_statement"><p>特别声明：以上内容为自媒体平台“网易号”用户上传并发布，本平台仅提供信息存储服务。</p></div>
<div class="post_wemedia"><span>6545</span>文章数</div>
</div>%s</body></html>""" % (NAV, b5[0], b5[1], b5[2], HOT)
write("synthetic-163-post2020-boilerplate", html5, "utf-8", label(
    "synthetic-163-post2020-boilerplate", "www.163.com/dy", "163-post2020",
    "某国央行降息25个基点", "2023-07-06T08:15:30+08:00", "环球财经观察", b5,
    url="https://www.163.com/dy/article/SYNTH0001.html",
    without=["原标题", "视频加载中", "9.9%", "延伸阅读", "50个基点", "责任编辑",
             "特别声明", "6545", "砸40亿"],
    charset_declared="gbk"))
print("wrote synthetic pages to", OUT)
