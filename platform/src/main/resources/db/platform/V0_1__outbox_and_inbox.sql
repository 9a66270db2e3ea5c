-- The transactional outbox: a service writes the messages a state change emits in the same
-- transaction as the change; the relay publishes them to Kafka in id order and then deletes them.
create table outbox_message (
    id          bigserial    primary key,
    message_id  uuid         not null,
    topic       varchar(255) not null,
    message_key varchar(255) not null,
    type        varchar(100) not null,
    version     integer      not null,
    payload     text         not null,
    request_id  varchar(64),
    created_at  timestamptz  not null default now()
);

-- The inbox: ids of messages a consumer has already applied, so that a redelivery changes nothing.
create table inbox_message (
    consumer    varchar(100) not null,
    message_id  uuid         not null,
    received_at timestamptz  not null default now(),
    primary key (consumer, message_id)
);
create index inbox_message_received_at on inbox_message (received_at);
