"""Reading raw documents as web pages leave them, before a curator has stored them as evidence.

A page saved from a Chinese site may be UTF-8, UTF-16, GB18030/GBK or Big5 (charsets.py tells
which), be HTML saved from a browser (maintext.py keeps its main text), use CRLF line ends, be
written in traditional characters (億, 萬, 區), or come from a mirror site that annotates some
characters with their pinyin in parentheses (區(qū)). `read_raw_document` turns the bytes into the
text zonecmp will store as evidence: UTF-8, line ends as they were, pinyin annotations removed.
Quotes are taken from that text, so they are verbatim substrings of the stored copy (`check`
reads documents as UTF-8).

`simplified` maps traditional characters one to one onto simplified ones, so offsets into the text
stay valid: the extractor reads cue words and indicator names in the simplified text and cuts its
quotes from the text as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from .charsets import detect
from .maintext import MainText, looks_like_html, main_text

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

# One traditional character and its simplified form, pair by pair: the characters of economic and
# government prose. Characters that are also simplified characters of their own (著, 乾, 瞭) are
# left out: mapping them would change words written in simplified text.
_PAIRS = (
    "區区億亿萬万兩两與与業业產产發发經经濟济設设術术開开關关對对實实現现際际資资額额總总計计劃划項项"
    "標标達达確确爭争預预長长進进營营貿贸務务議议會会員员們们個个為为這这來来時时間间從从後后過过還还"
    "將将應应當当學学歷历歲岁義义黨党國国縣县鄉乡鎮镇園园廠厂場场電电車车備备線线網网絡络數数據据點点"
    "級级規规質质環环態态節节約约綜综幣币幾几價价稅税費费貸贷銀银錢钱財财統统邊边創创專专轉转換换優优"
    "勢势強强廣广東东華华蘇苏閩闽魯鲁遼辽滬沪陝陕寧宁龍龙門门閱阅覽览讀读稱称號号碼码傳传聯联繫系係系"
    "郵邮話话說说語语記记載载維维護护圖图書书檔档體体驗验證证權权屬属構构機机鏈链條条張张處处類类種种"
    "勞劳動动習习導导領领頭头隊队幹干團团結结組组織织紅红綠绿藍蓝築筑擴扩礎础礦矿鋼钢鐵铁鋁铝銅铜藥药"
    "醫医療疗衛卫養养齡龄兒儿婦妇農农漁渔觀观遊游飯饭館馆購购買买賣卖貨货運运輸输儲储倉仓庫库頭头灣湾"
    "島岛雙双軍军協协調调辦办補补貼贴獎奖勵励懲惩罰罚違违審审準准許许範范圍围塊块壩坝橋桥軌轨飛飞氣气"
    "熱热燈灯爐炉災灾險险齊齐鬥斗戰战勝胜敗败穩稳紮扎籌筹遠远層层臺台蘭兰韓韩歐欧亞亚屆届選选舉举憲宪"
    "幫帮貧贫難难題题興兴榮荣麗丽舊旧壯壮雜杂蘊蕴積积極极復复複复讓让認认識识譜谱課课試试詢询請请謝谢"
    "讚赞評评論论講讲談谈訪访視视頻频聽听聲声響响樂乐藝艺劇剧遺遗紀纪錄录簡简單单變变嚴严肅肃隨随遲迟"
    "銷销贏赢虧亏損损債债匯汇漲涨擔担負负責责適适遷迁續续斷断廢废棄弃親亲愛爱夢梦歸归滿满閒闲閑闲陣阵"
    "啟启溫温濕湿澤泽潔洁淨净濱滨灘滩濃浓漢汉溝沟滅灭沒没淺浅測测氫氢鋰锂儀仪錶表無无鄰邻劉刘陳陈楊杨"
    "趙赵黃黄吳吴孫孙馬马羅罗葉叶蔣蒋韋韦鄒邹譚谭賴赖龐庞盧卢顧顾嶺岭峽峡廈厦贛赣粵粤瓊琼貴贵雲云隴陇"
    "晉晋奮奋躍跃騰腾擁拥繼继錦锦輝辉燦灿爛烂歡欢慶庆賀贺禮礼獻献貢贡虛虚擬拟減减汙污驅驱導导尋寻衝冲"
    "擊击鋒锋銳锐頂顶鑽钻鍵键鎖锁鐘钟針针鋪铺鏡镜閃闪閘闸鬆松麵面彙汇週周裡里裏里麼么併并並并佈布佔占"
    "偉伟僅仅儘尽傷伤傾倾兌兑內内凈净凱凯劍剑勁劲勳勋厲厉參参叢丛嗎吗嘗尝圓圆堅坚塵尘墊垫壓压壞坏壽寿"
    "夠够奪夺娛娱寶宝寫写岡冈崗岗廳厅廟庙彈弹彎弯徑径徵征憂忧懷怀戶户擇择撥拨攜携敵敌於于晝昼暫暂曆历"
    "曉晓樣样樹树橫横檢检殘残漸渐潛潜煙烟牆墙獨独獲获畫画畢毕監监盤盘禦御窮穷競竞筆笔簽签籃篮糧粮紛纷"
    "細细終终絕绝給给絲丝編编緩缓練练績绩繩绳罷罢聖圣聞闻職职脅胁腦脑臨临艱艰蟲虫衆众眾众製制見见覺觉"
    "討讨訴诉詞词該该詳详誠诚誤误謀谋諮咨譯译豐丰貝贝販贩賓宾賞赏賠赔賢贤賽赛贈赠趨趋蹟迹軟软較较輔辅"
    "輕轻輪轮轄辖辭辞釋释鈔钞錯错鍊炼閉闭閣阁閥阀陽阳陰阴陸陆隱隐雞鸡離离靈灵靜静頁页順顺須须顏颜願愿"
    "顯显風风飲饮餘余驚惊髮发魚鱼鮮鲜鳥鸟鳴鸣鹽盐麥麦齒齿龜龟償偿卻却劑剂剛刚則则剝剥單单墾垦壇坛聲声"
    "夥伙奧奥寬宽寢寝師师帶带彥彦徹彻慣惯憑凭戲戏據据擠挤攝摄斂敛斬斩昇升暢畅曠旷殺杀決决沖冲況况淚泪"
    "涼凉滯滞滲渗潤润濤涛濫滥烏乌牽牵犧牺狀状瑪玛畝亩盜盗盡尽禍祸穀谷窩窝糾纠紙纸紡纺納纳純纯緊紧緣缘"
    "縮缩繳缴纖纤翹翘腳脚膽胆艦舰莊庄蓋盖蘆芦蝕蚀裝装褲裤襲袭訂订訊讯託托診诊註注詩诗誇夸誕诞誰谁諸诸"
    "謂谓豈岂豬猪貓猫貞贞貪贪貫贯貯贮賈贾賜赐賤贱賬账趕赶跡迹踐践蹤踪軒轩軸轴輛辆輩辈輯辑轟轰辯辩連连"
    "遙遥遞递邁迈醬酱釀酿鉅巨鉛铅銘铭銜衔錐锥鍋锅鍛锻鑄铸鑑鉴鑒鉴闆板闊阔闖闯闡阐陞升階阶雖虽霧雾韌韧"
    "頒颁頓顿颱台飼饲飽饱飾饰饋馈饑饥馮冯駐驻駕驾騎骑鯨鲸鳳凤鴻鸿鵬鹏鶴鹤鹹咸點点億亿戰战盃杯綫线蹟迹"
    "滙汇産产颳刮歷历衞卫麽么甦苏崑昆詮诠誌志"
)
_TO_SIMPLIFIED = {ord(t): s for t, s in zip(_PAIRS[0::2], _PAIRS[1::2])}

# A pinyin syllable with or without a tone mark, as mirror sites put it after a character: 區(qū).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_SYLLABLE = rf"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[aeiouv{_TONED}]+(?:ng|n|r)?[1-5]?"
_PINYIN = re.compile(rf"(?<=[\u3400-\u9fff])(?:\(({_SYLLABLE})\)|（({_SYLLABLE})）)")


@dataclass(frozen=True)
class RawDocument:
    """A document as read: the text to extract from and store, and how it differs from the file."""

    path: Path
    text: str                  # what extract reads and what --into stores (as UTF-8)
    encoding: str              # utf-8, utf-16, gb18030 or big5
    original: bytes
    pinyin_removed: int        # how many pinyin annotations were taken out
    traditional: bool          # written (mostly) in traditional characters
    html: MainText | None = None   # for an HTML page: its main text, and what was left out

    @property
    def converted(self) -> bool:
        """Whether the stored copy differs from the file (re-encoded, HTML read, or annotations removed)."""
        return self.encoding != "utf-8" or self.pinyin_removed > 0 or self.html is not None

    @property
    def page_text(self) -> str:
        """All the page shows, main text first: where the date and the publisher may be read (a footer)."""
        return f"{self.text}\n{self.html.furniture}" if self.html and self.html.furniture else self.text

    @property
    def stored_name(self) -> str:
        """The stored copy's file name: an HTML page's main text is stored as text (page.html → page.txt)."""
        return f"{self.path.stem}.txt" if self.html is not None else self.path.name

    def stored_bytes(self) -> bytes:
        """The bytes to keep as evidence: the file itself, or the converted text in UTF-8."""
        return self.text.encode("utf-8") if self.converted else self.original

    def conversion_note(self) -> str:
        """One line for the source's note saying how the stored copy was made, or ''."""
        parts = []
        if self.encoding != "utf-8":
            parts.append(f"the original file is {self.encoding.upper()}; the stored copy is its UTF-8 conversion")
        if self.html is not None:
            parts.append(f"the original is an HTML page; the stored copy is its main text, without scripts, styles "
                         f"and the {self.html.left_out} lines of menus, links and footers")
        if self.pinyin_removed:
            parts.append(f"the mirror site's {self.pinyin_removed} pinyin annotations like 區(qū) were removed "
                         "from the stored copy")
        return "; ".join(parts)


def simplified(text: str) -> str:
    """The text with traditional characters replaced one to one by simplified ones (same length)."""
    return text.translate(_TO_SIMPLIFIED)


def strip_pinyin(text: str) -> tuple[str, int]:
    """The text without pinyin annotations after characters (區(qū) becomes 區), and how many there were."""
    return _PINYIN.subn("", text)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of a document and its encoding, detected from the bytes (charsets.detect)."""
    found = detect(data)
    if found is None:
        raise UsageError(f"{name}: not a text document (it is not UTF-8, UTF-16, GB18030/GBK or Big5 text); "
                         "save the page as text and try again")
    return found


def _looks_like_text(text: str) -> bool:
    """Whether decoded text is prose rather than binary that happened to decode."""
    if not text.strip():
        return False
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f\v")
    return controls <= len(text) // 100


def read_raw_document(path: Path) -> RawDocument:
    """Read a document to extract from; UsageError (exit 2) when it is missing, too big or not text."""
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise UsageError(f"{path}: over {MAX_DOCUMENT_BYTES // 1048576} MB; is it a text document?")
        data = path.read_bytes()
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory; give a text document") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read it: {error.strerror or error}") from None
    text, encoding = decode(data, str(path))
    if not _looks_like_text(text):
        raise UsageError(f"{path}: not a text document (empty, or binary data); save the page as text and try again")
    html = main_text(text) if looks_like_html(text, path.suffix) else None
    if html is not None and not html.text.strip():
        raise UsageError(f"{path}: an HTML page with no text to read; save the page as text and try again")
    text, removed = strip_pinyin(html.text if html is not None else text)
    hanzi = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    changed = sum(1 for c in hanzi if ord(c) in _TO_SIMPLIFIED)
    return RawDocument(path, text, encoding, data, removed, bool(hanzi) and changed * 10 >= len(hanzi), html)
