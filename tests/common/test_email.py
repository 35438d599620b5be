import pytest
from django.core import mail

from common.email import send_batch


def _messages(count):
    return [
        mail.EmailMessage(f"Message {n}", "Body", "prevent@example.org", [f"p{n}@example.org"]) for n in range(count)
    ]


@pytest.mark.django_db
def test_a_batch_of_messages_shares_one_smtp_connection_per_batch(smtp_server):
    sent = send_batch(_messages(5), batch_size=2)

    assert sent == 5
    assert sorted(m["Subject"] for m in smtp_server.wait_for(5)) == [f"Message {n}" for n in range(5)]
    assert smtp_server.sessions == 3


@pytest.mark.django_db
def test_sending_fails_loudly_while_the_mail_server_is_down_and_works_once_it_is_back(smtp_server):
    smtp_server.stop()
    with pytest.raises(OSError):
        send_batch(_messages(1))

    smtp_server.start()
    assert send_batch(_messages(1)) == 1
    assert len(smtp_server.wait_for(1)) == 1
