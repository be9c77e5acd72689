"""What the channel tests send: a reminder for row 17 of the Yongning 2022 plan, with the bot's four buttons."""
from bot.channels.base import Button, Message, button_key
from bot.messages import BUTTON_BLOCKED, BUTTON_DONE, BUTTON_EXTEND, BUTTON_PROGRESS

LIAISON, OTHER = "xsfj-liaison-a", "xsfj-liaison-b"      # 县司法局's liaisons A and B, as platform user ids
ROW_17 = ("17. 牵头完成行政规范性文件清理工作，高质量发布现行有效行政规范性文件，"
          "稳步推进行政规范性文件历史文本收录（截止 2022-11-30）")
ACTIONS = (("done", BUTTON_DONE), ("progress", BUTTON_PROGRESS), ("blocked", BUTTON_BLOCKED),
           ("extend", BUTTON_EXTEND))
BUTTONS = tuple(Button(button_key(17, action, "2022-11"), label) for action, label in ACTIONS)
REMINDER = Message("**县司法局** 3 天后到期：\n\n" + ROW_17, markdown=True, title="督办提醒", buttons=BUTTONS)
PLAIN = Message("县司法局：" + ROW_17)
LEDGER = ("县司法局-台账.xlsx", b"PK\x03\x04 ledger of 2022")
