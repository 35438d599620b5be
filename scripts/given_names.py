"""Write common/casedata/given_names.txt: the given names the case-data guard knows, one a line.

Run by hand with the dev tools installed (`.venv/bin/python scripts/given_names.py`); the list is committed so the
app needs nothing at run time. The names come from Faker's person providers (MIT licence) for the languages most
spoken in English towns, plus the common names below they miss. Names written in other scripts are left out: the
guard reads Latin letters.
"""

import importlib
import pathlib
import unicodedata

LOCALES = [
    "en_GB", "en_IE", "ga_IE", "en_US", "en_NZ", "en_IN", "en_PK", "en_KE", "en_NG", "yo_NG", "ig_NG", "ha_NG",
    "tw_GH", "zu_ZA", "pl_PL", "ro_RO", "lt_LT", "lv_LV", "sk_SK", "cs_CZ", "tr_TR", "fr_FR", "pt_PT", "it_IT",
    "es_ES",
]  # fmt: skip

# Common in England and Wales (ONS baby names) or among its communities, and missing from the providers above.
EXTRA = """
Muhammad Mohammed Mohammad Mohamed Mohamud Ahmed Ahmad Ali Omar Umar Usman Uthman Yusuf Yousef Ibrahim Ismail Ishaq
Hamza Bilal Imran Irfan Zain Zayn Zayan Ayaan Rayyan Ilyas Idris Musa Isa Harun Haroon Tariq Samir Sami Kamal Karim
Faisal Amir Aamir Abdullah Abdul Abdi Abdirahman Abdulrahman Hassan Hussain Hussein Khalid Mustafa Nabil Rashid
Shahid Waqar Zubair Junaid Arslan Kashif Asif Adnan Danyal Daniyal Eesa Fatima Fatimah Aisha Ayesha Aishah Zainab
Zaynab Maryam Mariam Hafsa Hafsah Khadija Khadijah Amina Aminah Safiya Sumaya Sumayyah Iqra Inaya Anaya Zara Zahra
Hania Layla Leila Yasmin Yasmine Nadia Noor Nour Rania Sana Saira Samira Shabana Tahira Halima Hodan Hibo Fartun
Ayan Asha Priyanka Priya Aarav Arjun Rohan Rahul Ravi Sanjay Vikram Kiran Anjali Deepa Divya Meera Nisha Pooja Simran
Harpreet Gurpreet Jaspreet Manpreet Amrit Navdeep Sukhdeep Kacper Jakub Szymon Filip Mateusz Oliwia Zuzanna Julia
Wiktoria Maja Lena Ruxandra Ioana Andrei Bogdan Darius Jamie Kyle Callum Kieran Declan Niamh Siobhan Aoife Ciara
Saoirse Oisin Rhys Dylan Evan Ieuan Cerys Seren Ffion Megan Carys Nia Osian Gethin Jayden Jaden Tyler Kayden Brandon
Kai Theo Teddy Reggie Ronnie Alfie Archie Freddie Harley Tommy Frankie Stanley Albie Arlo Rory Finley Ellis Reece
Kayleigh Kayla Chelsea Shannon Bethany Demi Leah Tia Keira Kiera Macy Lacey Evie Elsie Millie Poppy Darcie Isla Ivy
Maisie Mollie Phoebe Sienna Skye Willow Ava Mia Amelia Olivia Isabella Sophia Harper Aria Nova Luna Esme Ayla Hallie
Tayo Tunde Chidi Emeka Kwame Kwabena Kofi Ama Abena Ade Femi Funmi Bisi Segun Oluwaseun Temi Tobi Zak Zac Jack Josh
Alex Sam Charlie Jordan Riley Morgan Taylor Casey Jesse Robin Jo Kit Jay JJ
"""


def _latin(name):
    return all(ch == "-" or ch == "'" or "LATIN" in unicodedata.name(ch, "") for ch in name)


def given_names():
    names = set(EXTRA.split())
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            for name in getattr(provider, attribute, None) or ():
                name = name.strip()
                parts = name.split("-")
                if len(name) > 1 and all(p.isalpha() for p in parts) and _latin(name) and name[0].isupper():
                    names.add(name)
    return sorted(names, key=str.casefold)


if __name__ == "__main__":
    target = pathlib.Path(__file__).resolve().parent.parent / "common" / "casedata" / "given_names.txt"
    target.write_text("\n".join(given_names()) + "\n", encoding="utf-8")
    print(f"{target}: {len(given_names())} names")
