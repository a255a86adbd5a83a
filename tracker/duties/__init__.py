"""The coordinator's register of what the 党政主要负责人 did as 第一责任人 for rule-of-law work
(常务会议学法, 专题研究, 述法, 督察 …) and of other matters the report must mention: one dated line
each, feeding the draft's 二、 and 五、."""
