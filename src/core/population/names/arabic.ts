/**
 * Arabic names in one common romanisation each; the other spellings of the same name (Mohammed, Muhammad,
 * Mohamed) are phonetic variants (`../phonetic-variants.ts`), the commonest source of one person written twice.
 */
import { words, type NameList } from './name-list.js';

export const ARABIC: NameList = {
  language: 'arabic',
  female: words(`
    Fatima Aisha Maryam Khadija Zainab Amina Hafsa Layla Nour Sara Huda Salma Yasmin Rania Hana Mona Noura Asma
    Reem Samira Halima Safiya Rahma Zahra Sumaya Lubna Dalia Jamila Nadia Farida Habiba Latifa Amal Iman
  `),
  male: words(`
    Mohammed Ahmed Ali Omar Hassan Hussein Ibrahim Yusuf Khalid Abdullah Mustafa Mahmoud Said Karim Hamza Tariq
    Bilal Saleh Salim Jamal Nabil Walid Rashid Faisal Ismail Idris Yasin Anwar Adel Sami Osman Amir Hadi
    Zakaria Suleiman Musa Issa Yahya
  `),
  family: words(`
    Hassan Ali Mohamed Ahmed Abdallah Ibrahim Mahmoud Mustafa Khalil Saleh Haddad Nasser Hamdan Mansour Aziz
    Rahman Karim Omar Yousef Salem Saeed Hamid Qasim Suleiman Bakri Amin Othman Jaber Darwish Zidan Khoury
    Najjar Sabbagh Masri Halabi Tahir Idrissi Alaoui Bennani Tazi
  `),
};
