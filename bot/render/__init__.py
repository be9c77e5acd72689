"""Chat text: item lines, buttons, evidence lines; what a message looks like, whatever the channel."""
