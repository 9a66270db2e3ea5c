-- The demo flavors every Kumo starts with (ids as in DevStack).
insert into flavor (id, name, vcpus, ram_mb, disk_gb) values
    ('42', 'm1.nano',   1,  128,  1),
    ('1',  'm1.tiny',   1,  512,  1),
    ('2',  'm1.small',  1, 2048, 20),
    ('3',  'm1.medium', 2, 4096, 40),
    ('4',  'm1.large',  4, 8192, 80);
