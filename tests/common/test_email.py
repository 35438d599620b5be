import pytest
from django.core import mail

from common.email import Mailer, MaybeSent, NotSent


def _messages(count):
    return [
        mail.EmailMessage(f"Message {n}", "Body", "prevent@example.org", [f"p{n}@example.org"]) for n in range(count)
    ]


@pytest.mark.django_db
def test_messages_sent_by_one_mailer_share_one_smtp_connection_and_each_gets_the_servers_answer(smtp_server):
    with Mailer() as mailer:
        answers = [mailer.send(message) for message in _messages(5)]

    assert answers == ["250 Message accepted for delivery"] * 5
    assert sorted(m["Subject"] for m in smtp_server.wait_for(5)) == [f"Message {n}" for n in range(5)]
    assert smtp_server.sessions == 1


@pytest.mark.django_db
def test_a_mailer_says_a_message_did_not_go_while_the_mail_server_is_down_and_sends_once_it_is_back(smtp_server):
    smtp_server.stop()
    with Mailer() as mailer, pytest.raises(NotSent) as failure:
        mailer.send(_messages(1)[0])
    assert failure.value.connection_lost and not failure.value.permanent

    smtp_server.start()
    with Mailer() as mailer:
        assert mailer.send(_messages(1)[0]).startswith("250")
    assert len(smtp_server.wait_for(1)) == 1


@pytest.mark.django_db
def test_a_refused_address_is_not_sent_for_good_with_the_servers_answer_and_the_next_message_still_goes(smtp_server):
    smtp_server.handler.refuse = {"p0@example.org"}
    first, second = _messages(2)

    with Mailer() as mailer:
        with pytest.raises(NotSent) as failure:
            mailer.send(first)
        assert mailer.send(second).startswith("250")

    assert failure.value.permanent and not failure.value.connection_lost
    assert failure.value.answer == "550 5.1.1 No such mailbox here"
    assert [m["To"] for m in smtp_server.wait_for(1)] == ["p1@example.org"]
    assert smtp_server.sessions == 1


@pytest.mark.django_db
def test_a_message_handed_over_whose_answer_never_comes_may_have_been_sent(smtp_server, settings):
    settings.EMAIL_TIMEOUT = 0.5
    smtp_server.handler.data_delay = 2  # the server has the message, but answers after the client gave up

    with Mailer() as mailer, pytest.raises(MaybeSent):
        mailer.send(_messages(1)[0])

    assert len(smtp_server.wait_for(1)) == 1  # it did arrive: only the server knew
