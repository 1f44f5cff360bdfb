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
# 6. A personal blog: text lines separated by <br> in one div, headline in
#    an h2 without "title" in its class, date in brackets, a comment list
#    of short sentences after the post.
b6 = ["今天去了城郊的湿地公园，天气很好。", "据管理处介绍，公园面积约1200亩，去年接待游客35万人次。",
      "湖边的步道修得很平整，适合带孩子散步。", "回来的路上堵了一个小时，下次还是坐地铁。"]
html6 = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>周末去湿地公园_小林的博客_新浪博客</title></head><body>%s
<div class="blogtitle"><h2 class="titName SG_txta">周末去湿地公园</h2>
<span class="time SG_txtc">(2018-10-21 20:15:03)</span></div>
<div class="articalContent">
%s
</div>
<div class="comment"><h3>评论</h3><ul>
<li><a href="/u1">网友甲</a>：写得真好，我也想去看看。2018-10-22 09:00</li>
<li><a href="/u2">网友乙</a>：门票多少钱？周末人多吗？2018-10-22 10:00</li>
</ul></div>%s</body></html>""" % (NAV, "<br>".join(b6), HOT)
write("synthetic-blog", html6, "gb18030", label(
    "synthetic-blog", "blog.sina.com.cn", None, "周末去湿地公园",
    "2018-10-21T20:15:03+08:00", None, b6, group="zh-news",
    without=["写得真好", "门票多少钱", "热点推荐"],
    charset_declared="gbk", charset_actual="gb18030"))

# 7. A portal article (sohu/qq style): the headline h1 has a label span,
#    a hidden original-title paragraph, the source in a.source-like link,
#    the time in meta itemprop and in the byline, "返回搜狐" and 责任编辑
#    lines inside the article element.
b7 = ["记者从市交通委获悉，今年全市新增公交线路12条，优化调整线路35条。",
      "截至10月底，全市公交日均客运量约为420万人次，同比增长3.2%。",
      "下一步，将继续推进公交专用道建设，力争年底前新增专用道20公里。"]
html7 = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>今年新增公交线路12条_新闻_某某网</title>
<meta itemprop="datePublished" content="2020-11-05 16:40">
<meta name="mediaid" content="都市晨报"></head><body>%s
<div class="text-title"><h1>今年新增公交线路12条<span class="article-tag"></span></h1>
<div class="article-info"><span class="time" id="news-time">2020-11-05 16:40</span>
<span data-role="original-link">来源: <a href="#" class="source-link">都市晨报</a></span></div></div>
<article class="article" id="mp-editor">
<p data-role="original-title" style="display:none">原标题：公交线路再优化</p>
<p>%s</p><p>%s</p><p>%s</p>
<p><a href="/">返回搜狐，查看更多</a></p>
<p data-role="editor-name">责任编辑：<span>赵六</span></p>
</article>%s</body></html>""" % (NAV, b7[0], b7[1], b7[2], HOT)
write("synthetic-portal", html7, "utf-8", label(
    "synthetic-portal", "www.sohu.com", None, "今年新增公交线路12条",
    "2020-11-05T16:40:00+08:00", "都市晨报", b7, group="zh-news",
    without=["原标题", "返回搜狐", "责任编辑", "热点推荐"]))

# 8. A forum thread (Discuz style): the first post is the article, replies
#    with their own authors and times follow in blocks of the same shape.
b8 = ["各位好，分享一下我家今年的光伏发电数据。", "屋顶装机10千瓦，全年发电约1.2万度，自用率大约40%。",
      "按当地电价算，预计6年左右可以收回成本。"]
replies = ["楼主的数据很有参考价值，请问逆变器用的是哪个牌子？",
           "我们这边光照没那么好，同样的装机全年只有9000度左右，回本要8年。",
           "自用率40%算高的了，白天家里没人的话会更低，建议加个储能。"]
def post(i, who, when, text):
    return """<div id="post_%d"><table class="plhin"><tr><td class="pls"><div class="authi"><a href="/u%d">%s</a></div>
<p>积分 120</p></td><td class="plc"><div class="pi"><em id="authorposton%d">发表于 %s</em></div>
<div class="t_fsz"><table><tr><td class="t_f" id="postmessage_%d">%s</td></tr></table></div></td></tr></table></div>
""" % (i, i, who, i, when, i, text)
html8 = """<html><head><meta charset="gbk"><title>晒晒我家屋顶光伏一年的发电量 - 新能源 - 某某论坛</title></head>
<body>%s<h1 class="ts"><a href="/f2">[经验]</a> <span id="thread_subject">晒晒我家屋顶光伏一年的发电量</span></h1>
<div id="postlist">%s%s%s%s</div>%s</body></html>""" % (
    NAV, post(1, "阳光老王", "2021-3-4 10:20:30", "<br>".join(b8)),
    post(2, "网友甲", "2021-3-4 11:02:11", replies[0]),
    post(3, "网友乙", "2021-3-4 12:40:05", replies[1]),
    post(4, "网友丙", "2021-3-5 08:15:47", replies[2]), HOT)
write("synthetic-forum", html8, "gb18030", label(
    "synthetic-forum", "bbs.example.com", None, "[经验] 晒晒我家屋顶光伏一年的发电量",
    "2021-03-04T10:20:30+08:00", None, b8, group="zh-news",
    without=["逆变器", "回本要8年", "储能", "热点推荐"],
    charset_declared="gbk", charset_actual="gb18030"))

print("wrote synthetic pages to", OUT)
