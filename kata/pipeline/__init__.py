"""The tutorial's pipeline, end to end: which reviews, the log dir checked, TensorBoard served.

``reviews`` chooses the data; ``main_job`` trains, exports and analyses; ``logdir`` checks the
log dir the way TensorBoard reads it; ``tensorboard_server`` serves it on 127.0.0.1.
"""
