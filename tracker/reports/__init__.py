"""The annual report draft: what the year's records say, composed into 主要举措和成效, 存在的问题 and
下一年度主要安排, rendered as a web preview, Markdown and a GB/T 9704 Word document."""
